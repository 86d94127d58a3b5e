// Components rendered by miniprogram-simulate: what they show, what a tap does, what they emit.
const { test, describe, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');

beforeEach(() => {
  globalThis.wx = createFakeWx();
});

describe('party-form', () => {
  test('a respondent switches from person to organisation: the tap emits the kind, the new kind shows the credit code field', async () => {
    const comp = render('components/party-form/index', { role: 'respondent', index: 1, party: { kind: 'Person', name: '李四' } });
    assert.ok(comp.querySelector('.id-number'));
    assert.equal(comp.querySelector('.credit-code'), undefined);
    assert.match(text(comp.querySelector('.party-title')), /被申请人 2/);

    const emitted = [];
    comp.addEventListener('change', (e) => emitted.push(e.detail));
    comp.querySelectorAll('.kind')[1].dispatchEvent('tap');
    await settle();
    assert.deepEqual(emitted, [{ index: 1, field: 'kind', value: 'Organization' }]);

    comp.setData({ party: { kind: 'Organization', name: '某某物业服务有限公司' } });
    await settle();
    assert.equal(comp.querySelector('.id-number'), undefined);
    assert.ok(comp.querySelector('.credit-code'));
    assert.equal(text(comp.querySelector('.field .label')), '单位名称');
  });

  test('typing emits the field and value; errors appear next to their fields', async () => {
    const comp = render('components/party-form/index', { role: 'applicant', party: { name: '' } });
    const emitted = [];
    comp.addEventListener('change', (e) => emitted.push(e.detail));
    comp.querySelector('.phone').dispatchEvent('input', { detail: { value: '13800138000' } });
    await settle();
    assert.deepEqual(emitted, [{ index: 0, field: 'phone', value: '13800138000' }]);
    assert.equal(comp.querySelector('.kinds'), undefined, 'the applicant is always a person');

    comp.setData({ errors: { idNumber: '身份证号码不正确，请核对' } });
    await settle();
    assert.equal(text(comp.querySelector('.err-idNumber')), '身份证号码不正确，请核对');
    assert.equal(comp.querySelector('.err-phone'), undefined);
  });
});

describe('legal-text', () => {
  test('shows the whole text; agreeing is refused until the end was reached, then emits checked', async () => {
    const body = '人民调解信用承诺书\n\n一、本人承诺……\n二、……';
    const comp = render('components/legal-text/index', { title: '信用承诺书', text: body, version: '2026-01' });
    assert.equal(text(comp.querySelector('.legal-text')), body.trim());
    assert.match(text(comp.querySelector('.legal-title')), /2026-01/);

    const emitted = [];
    comp.addEventListener('change', (e) => emitted.push(e.detail));
    comp.querySelector('.agree').dispatchEvent('tap');
    await settle();
    assert.deepEqual(emitted, []);
    assert.equal(wx.calls.showToast.at(-1).title, '请先阅读全文');

    comp.querySelector('.legal-body').dispatchEvent('scrolltolower');
    await settle();
    assert.equal(comp.data.readToEnd, true);
    comp.querySelector('.agree').dispatchEvent('tap');
    await settle();
    assert.deepEqual(emitted, [{ checked: true }]);

    comp.setData({ checked: true });
    await settle();
    assert.equal(text(comp.querySelector('.box')), '✓');

    comp.setData({ text: body + '\n三、新增条款' });
    await settle();
    assert.equal(comp.data.readToEnd, false, 'a changed text must be read again');
  });
});

describe('case-card and timeline', () => {
  test('a case card shows number, status and role, and a tap opens the case', async () => {
    const item = { id: 'c1', number: 'WD-ZJC-XC-2026-00001', numberLabel: '案号', statusName: '已提交', tone: 'waiting', typeName: '邻里纠纷', bodyName: '西村调委会', roleName: '申请人', submittedAt: '2026-11-25 09:00' };
    const comp = render('components/case-card/index', { item });
    assert.equal(text(comp.querySelector('.case-number')), item.number);
    assert.equal(text(comp.querySelector('.number-label')), '案号');
    assert.equal(text(comp.querySelector('.status')), '已提交');
    assert.match(text(comp.querySelector('.type')), /我是申请人/);
    const opened = [];
    comp.addEventListener('open', (e) => opened.push(e.detail));
    comp.querySelector('.case-card').dispatchEvent('tap');
    await settle();
    assert.deepEqual(opened, [{ id: 'c1' }]);
  });

  test('the timeline lists entries in order and says so when empty', async () => {
    const comp = render('components/timeline/index', { items: [] });
    assert.equal(text(comp.querySelector('.hint')), '暂无记录');
    comp.setData({ items: [{ title: '确认权利义务告知书', at: '2026-11-25 09:00', note: '文本版本 2026-01' }, { title: '已提交', at: '2026-11-25 09:00', note: '' }] });
    await settle();
    const titles = comp.querySelectorAll('.title').map(text);
    assert.deepEqual(titles, ['确认权利义务告知书', '已提交']);
  });
});
