import { ensureDataset } from './dataset/generate-dataset';
import { QUICK_PROFILE } from './options';
const n = Number(process.argv[2]);
ensureDataset('mysql://root@127.0.0.1:3306/qiyuan_bench_dev', { ...QUICK_PROFILE, enterprises: 16000, appeals: n }, true, console.log)
  .then((info) => console.log(JSON.stringify(info.counts)))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
