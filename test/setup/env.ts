// Every e2e spec talks to its own test database, never the demo one.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!!';
process.env.PASSWORD_HASH_MEMORY_KIB = '1024';
process.env.PASSWORD_HASH_TIME_COST = '1';
process.env.SWEEP_ENABLED = 'false';
process.env.OUTBOX_WORKER_ENABLED = 'false';
process.env.UPLOAD_DIR = process.env.UPLOAD_DIR ?? 'var/test-uploads';
process.env.UPLOAD_MAX_BYTES = '1048576';
// Per-instance counts and limits no spec reaches; the rate-limit spec sets its own.
process.env.RATE_LIMIT_REDIS_URL = '';
process.env.RATE_LIMIT_PER_USER = '1000000';
process.env.RATE_LIMIT_ANONYMOUS = '1000000';
