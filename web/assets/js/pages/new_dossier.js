// Lập hồ sơ: a submitter opens a DRAFT at one of their units (CreateDossier), for an award that may be proposed
// at the unit's level today, and goes on to the dossier page to attach the documents and submit.
import {call, newRequestId} from '../api.js';
import {proposableAwards} from '../catalog.js';
import {el, field, replace, select} from '../dom.js';
import {todayIso} from '../dates.js';
import {DOCUMENT_KIND, GENDER, NOMINEE_KIND, OCCUPATION, label} from '../labels.js';
import {organisation} from '../orgs.js';
import {errorBox, loading, pageHeading} from '../ui.js';

const SUBJECT_TO_KIND = {
  AWARD_SUBJECT_INDIVIDUAL: 'NOMINEE_KIND_INDIVIDUAL',
  AWARD_SUBJECT_COLLECTIVE: 'NOMINEE_KIND_COLLECTIVE',
  AWARD_SUBJECT_HOUSEHOLD: 'NOMINEE_KIND_HOUSEHOLD',
};

export async function render(main, {session, stale}) {
  const units = session.grants.filter((g) => g.role === 'ROLE_SUBMITTER');
  if (!units.length) {
    replace(main, el('section', {class: 'page'}, pageHeading('Lập hồ sơ'),
      el('p', {}, 'Chỉ cán bộ đề nghị của đơn vị mới lập được hồ sơ.')));
    return;
  }
  replace(main, loading());
  const orgs = (await Promise.all(units.map((g) => organisation(g.orgId)))).filter(Boolean);
  if (stale()) return;
  if (!orgs.length) throw new Error('Không đọc được thông tin đơn vị của bạn.');

  const today = todayIso();
  const requestId = newRequestId();
  const unitSelect = select(orgs.map((o) => [o.id, o.nameVi]), {name: 'originOrgId', required: true});
  const awardSelect = el('select', {name: 'awardCode', required: true});
  const requiredList = el('ul', {class: 'checklist', 'aria-live': 'polite'});
  const kindSelect = el('select', {name: 'kind', required: true});
  const year = el('input', {type: 'number', name: 'year', min: '2020', max: '2100', required: true,
    value: today.slice(0, 4)});
  const name = el('input', {type: 'text', name: 'name', required: true, maxlength: '200', autocomplete: 'off'});
  const idNumber = el('input', {type: 'text', name: 'idNumber', inputmode: 'numeric', pattern: '[0-9]{12}',
    maxlength: '12', autocomplete: 'off'});
  const birthYear = el('input', {type: 'number', name: 'birthYear', min: '1900', max: today.slice(0, 4)});
  // The directory's id of the person or organisation: links the dossier to its award history (hồ sơ thành tích).
  const subjectId = el('input', {type: 'text', name: 'subjectId', maxlength: '128', autocomplete: 'off'});
  const gender = select([['', '— chọn —'], ...Object.entries(GENDER)], {name: 'gender'});
  const position = el('input', {type: 'text', name: 'position', maxlength: '200'});
  const unitName = el('input', {type: 'text', name: 'unitName', maxlength: '200'});
  const occupation = select([['', '— chọn —'], ...Object.entries(OCCUPATION)], {name: 'occupation'});
  const members = el('input', {type: 'number', name: 'memberCount', min: '0'});
  const femaleMembers = el('input', {type: 'number', name: 'femaleMemberCount', min: '0'});
  const individualFields = el('div', {class: 'form-grid'},
    field('Số định danh cá nhân (12 chữ số)', idNumber, 'Chỉ những người có thẩm quyền mới xem được.'),
    field('Năm sinh', birthYear), field('Giới tính', gender));
  const collectiveFields = el('div', {class: 'form-grid', hidden: true},
    field('Số thành viên', members), field('Số thành viên nữ', femaleMembers));
  const subjectField = field('Mã trong danh mục (tùy chọn)', subjectId,
    'Mã cá nhân hoặc mã đơn vị trong danh mục: để xét hồ sơ thành tích (danh hiệu các năm trước).');

  const awardsFor = () => {
    const org = orgs.find((o) => o.id === unitSelect.value);
    return org ? proposableAwards(org.level, today) : [];
  };
  const currentAward = () => awardsFor().find((a) => a.code === awardSelect.value);

  function fillAwards() {
    const awards = awardsFor();
    replace(awardSelect, awards.map((a) => el('option', {value: a.code}, a.nameVi)));
    fillKinds();
  }
  function fillKinds() {
    const award = currentAward();
    const kinds = award ? award.subjects.map((s) => SUBJECT_TO_KIND[s]).filter(Boolean) : [];
    replace(kindSelect, kinds.map((k) => el('option', {value: k}, label(NOMINEE_KIND, k))));
    replace(requiredList, award ? award.requiredDocuments.map((k) => el('li', {class: 'checklist__item'},
      label(DOCUMENT_KIND, k))) : []);
    toggleKind();
  }
  function toggleKind() {
    const individual = kindSelect.value === 'NOMINEE_KIND_INDIVIDUAL';
    individualFields.hidden = !individual;
    collectiveFields.hidden = individual;
  }
  unitSelect.addEventListener('change', fillAwards);
  awardSelect.addEventListener('change', fillKinds);
  kindSelect.addEventListener('change', toggleKind);
  fillAwards();

  const errorSlot = el('div');
  const submit = el('button', {type: 'submit', class: 'button button--primary'}, 'Tạo hồ sơ nháp');
  const form = el('form', {class: 'card form', 'aria-labelledby': 'new-title'},
    el('fieldset', {}, el('legend', {}, 'Đề nghị'),
      el('div', {class: 'form-grid'}, field('Đơn vị đề nghị', unitSelect), field('Danh hiệu / hình thức', awardSelect),
        field('Năm thi đua', year))),
    el('div', {class: 'required-kinds'}, el('h2', {class: 'h3'}, 'Tài liệu bắt buộc (đính kèm sau khi tạo)'),
      requiredList),
    el('fieldset', {}, el('legend', {}, 'Người/tập thể được đề nghị'),
      el('div', {class: 'form-grid'}, field('Đối tượng', kindSelect), field('Họ tên / tên tập thể', name),
        field('Chức vụ', position), field('Đơn vị công tác / nơi ở', unitName), field('Nhóm đối tượng', occupation),
        subjectField),
      individualFields, collectiveFields),
    errorSlot, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    replace(errorSlot);
    submit.disabled = true;
    const nominee = {kind: kindSelect.value, name: name.value.trim().normalize('NFC')};
    if (position.value.trim()) nominee.positionVi = position.value.trim().normalize('NFC');
    if (unitName.value.trim()) nominee.unitNameVi = unitName.value.trim().normalize('NFC');
    if (occupation.value) nominee.occupation = occupation.value;
    if (nominee.kind === 'NOMINEE_KIND_INDIVIDUAL') {
      if (idNumber.value.trim()) nominee.idNumber = idNumber.value.trim();
      if (subjectId.value.trim()) nominee.personId = subjectId.value.trim();
      if (birthYear.value) nominee.birthYear = Number(birthYear.value);
      if (gender.value) nominee.gender = gender.value;
    } else {
      if (members.value) nominee.memberCount = Number(members.value);
      if (subjectId.value.trim() && nominee.kind === 'NOMINEE_KIND_COLLECTIVE') nominee.orgId = subjectId.value.trim();
      if (femaleMembers.value) nominee.femaleMemberCount = Number(femaleMembers.value);
    }
    try {
      const response = await call('dossier', 'CreateDossier', {requestId, awardCode: awardSelect.value,
        year: Number(year.value), nominee, originOrgId: unitSelect.value});
      location.hash = `#/dossiers/${encodeURIComponent(response.dossier.id)}`;
    } catch (error) {
      replace(errorSlot, errorBox(error));
      submit.disabled = false;
    }
  });

  const heading = pageHeading('Lập hồ sơ đề nghị khen thưởng');
  heading.id = 'new-title';
  replace(main, el('section', {class: 'page narrow-wide'}, heading,
    el('p', {class: 'lead'}, 'Hồ sơ được tạo ở trạng thái nháp; sau đó đính kèm tài liệu và nộp.'), form));
}
