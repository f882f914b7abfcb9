import { CONTACT_FIELDS, editableEnterpriseFields, ENTERPRISE_FIELDS, mayCreateEnterprise } from './enterprise-permissions';

describe('editableEnterpriseFields', () => {
  it('lets admins and supervisors change everything', () => {
    expect(editableEnterpriseFields('admin', { ownFirm: false })).toEqual(ENTERPRISE_FIELDS);
    expect(editableEnterpriseFields('supervisor', { ownFirm: false })).toEqual(ENTERPRISE_FIELDS);
  });

  it('lets the assigned officer and the firm itself change only contact details', () => {
    expect(editableEnterpriseFields('officer', { ownFirm: true })).toEqual(CONTACT_FIELDS);
    expect(editableEnterpriseFields('enterprise', { ownFirm: true })).toEqual(CONTACT_FIELDS);
    expect(CONTACT_FIELDS).not.toContain('regionCode');
  });

  it('gives nothing to an officer of another firm or to handlers', () => {
    expect(editableEnterpriseFields('officer', { ownFirm: false })).toEqual([]);
    expect(editableEnterpriseFields('handler', { ownFirm: true })).toEqual([]);
  });

  it('leaves creation to admins and supervisors', () => {
    expect(['admin', 'supervisor', 'officer', 'handler', 'enterprise'].filter((r) => mayCreateEnterprise(r as never))).toEqual([
      'admin',
      'supervisor',
    ]);
  });
});
