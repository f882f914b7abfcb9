import { ensureDataset } from './dataset/generate-dataset';
import { QUICK_PROFILE, FULL_PROFILE } from './options';
const full = process.argv.includes('--full');
ensureDataset(
  full ? 'mysql://root@127.0.0.1:3306/qiyuan_bench' : 'mysql://root@127.0.0.1:3306/qiyuan_bench_quick',
  full ? FULL_PROFILE : QUICK_PROFILE,
  process.argv.includes('--regenerate'),
  console.log,
)
  .then((info) => console.log(JSON.stringify(info, null, 1)))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
