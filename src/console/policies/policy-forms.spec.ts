import { policyFromForm, ruleFieldLabel, rulesFromForm } from './policy-forms';

describe('policy console forms', () => {
  it('reads the rules editor into the API rules object', () => {
    expect(
      rulesFromForm({
        regionCodes: '510100, 510700\n510800',
        industries: ['electronic_information', 'digital_economy'],
        scales: 'above',
        tagsAll: ['specialized'],
        parks: '成都高新区、天府新区',
        employeesMin: '50',
        employeesMax: '',
        revenueMax: '2000.5',
        output_valueMin: 'abc',
      }),
    ).toEqual({
      regionCodes: ['510100', '510700', '510800'],
      industries: ['electronic_information', 'digital_economy'],
      scales: ['above'],
      tagsAny: [],
      tagsAll: ['specialized'],
      parks: ['成都高新区', '天府新区'],
      facts: [
        { fact: 'employees', min: 50, max: null },
        { fact: 'output_value', min: 'abc', max: null },
        { fact: 'revenue', min: null, max: 2000.5 },
      ],
    });
  });

  it('leaves blank optional fields null and passes the department as a number', () => {
    const body = policyFromForm({ title: ' 标题 ', departmentId: '12', documentNumber: '', validUntil: '' });
    expect(body).toMatchObject({ title: '标题', departmentId: 12, documentNumber: null, validUntil: null, fullText: null });
  });

  it('names rule fields in Chinese for the error list', () => {
    expect(ruleFieldLabel('rules.regionCodes[1]')).toBe('适用地区第 2 项');
    expect(ruleFieldLabel('rules.facts[0].min')).toBe('企业指标第 1 项');
    expect(ruleFieldLabel('rules.tagsAny')).toBe('标签（具备其一）');
    expect(ruleFieldLabel('title')).toBe('title');
  });
});
