import { webhookUrlProblem } from './url-policy';

describe('webhookUrlProblem', () => {
  it.each(['https://hooks.example.gov.cn/qiyuan', 'https://203.0.113.7:8443/in?x=1', 'https://[2001:db8::1]/hook'])('accepts %s', (url) => {
    expect(webhookUrlProblem(url, false)).toBeNull();
  });

  it.each([
    ['ftp://example.com/x', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['not a url', 'absolute URL'],
    ['https://user:pw@example.com/', 'credentials'],
    ['http://example.com/hook', 'https'],
    ['https://localhost/hook', 'this server'],
    ['https://127.0.0.1:3000/api/events', 'this server'],
    ['https://10.1.2.3/', 'private'],
    ['https://172.20.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'private'],
    ['https://0.0.0.0/', 'private'],
    ['https://[::1]/', 'private'],
    ['https://[::ffff:127.0.0.1]/', 'private'],
    ['https://[fd00::1]/', 'private'],
    ['https://api.internal/', 'local name'],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url, false)).toContain(problem);
  });

  it('allows private http targets only where the deployment says so', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', true)).toBeNull();
    expect(webhookUrlProblem('ftp://127.0.0.1/', true)).toContain('http or https');
  });
});
