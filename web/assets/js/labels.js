// Vietnamese names of the API's enum values (the protobuf JSON mapping sends enums as their names). The state,
// level, role and action names are tdktctl's (tools/tdktctl/online_client.cc), so that both clients say the same.

export const STATE = {
  DOSSIER_STATE_DRAFT: 'Nháp',
  DOSSIER_STATE_SUBMITTED: 'Đã nộp, chờ tiếp nhận',
  DOSSIER_STATE_UNDER_REVIEW: 'Đang thẩm định',
  DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT: 'Trả lại để bổ sung',
  DOSSIER_STATE_COUNCIL_VOTING: 'Hội đồng đang xét',
  DOSSIER_STATE_AWAITING_DECISION: 'Chờ quyết định',
  DOSSIER_STATE_DECIDED: 'Đã có quyết định',
  DOSSIER_STATE_PUBLISHED: 'Đã công bố',
  DOSSIER_STATE_REJECTED: 'Không được đề nghị',
  DOSSIER_STATE_WITHDRAWN: 'Đã rút',
  DOSSIER_STATE_FORWARDED_EXTERNAL: 'Đã trình cấp trên ngoài hệ thống',
};

// The order of the dashboard's rows.
export const STATE_ORDER = Object.keys(STATE);

export const LEVEL = {
  ORG_LEVEL_UNIT: 'cơ sở',
  ORG_LEVEL_COMMUNE: 'xã',
  ORG_LEVEL_DISTRICT: 'huyện',
  ORG_LEVEL_PROVINCE: 'tỉnh',
  ORG_LEVEL_CENTRAL: 'trung ương',
};
export const LEVEL_ORDER = Object.keys(LEVEL);

export const ROLE = {
  ROLE_SUBMITTER: 'cán bộ đề nghị',
  ROLE_APPRAISER: 'cán bộ thẩm định',
  ROLE_COUNCIL_MEMBER: 'thành viên Hội đồng',
  ROLE_COUNCIL_CHAIR: 'Chủ tịch Hội đồng',
  ROLE_DECIDER: 'người quyết định',
  ROLE_ADMIN: 'quản trị',
};

// An emulation bloc's state (tdkt.v1.BlocState), as tdktctl bloc says it (tools/tdktctl/bloc_command.cc).
export const BLOC_STATE = {
  BLOC_STATE_OPEN: 'Đang lập, chờ ký giao ước',
  BLOC_STATE_PLEDGED: 'Đã ký giao ước, đang chấm điểm',
  BLOC_STATE_CLOSED: 'Đã khóa sổ chấm điểm',
};

export const ACTION = {
  DOSSIER_ACTION_CREATE: 'Tạo hồ sơ',
  DOSSIER_ACTION_ATTACH_DOCUMENT: 'Đính kèm tài liệu',
  DOSSIER_ACTION_REMOVE_DOCUMENT: 'Gỡ tài liệu',
  DOSSIER_ACTION_SUBMIT: 'Nộp hồ sơ',
  DOSSIER_ACTION_ACCEPT: 'Tiếp nhận',
  DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT: 'Trả lại để bổ sung',
  DOSSIER_ACTION_RESUBMIT: 'Nộp lại',
  DOSSIER_ACTION_SEND_TO_COUNCIL: 'Trình Hội đồng',
  DOSSIER_ACTION_OPEN_VOTE: 'Mở bỏ phiếu',
  DOSSIER_ACTION_CAST_VOTE: 'Bỏ phiếu',
  DOSSIER_ACTION_CLOSE_VOTE: 'Kết thúc bỏ phiếu',
  DOSSIER_ACTION_FORWARD: 'Chuyển cấp trên',
  DOSSIER_ACTION_DECIDE: 'Quyết định khen thưởng',
  DOSSIER_ACTION_RECORD_EXTERNAL_OUTCOME: 'Ghi nhận kết quả cấp trên',
  DOSSIER_ACTION_PUBLISH: 'Công bố',
  DOSSIER_ACTION_REJECT: 'Không đề nghị',
  DOSSIER_ACTION_WITHDRAW: 'Rút hồ sơ',
  DOSSIER_ACTION_FILE_COMPLAINT: 'Khiếu nại',
  DOSSIER_ACTION_ESCALATE: 'Báo quá hạn',
};

export const NOMINEE_KIND = {
  NOMINEE_KIND_INDIVIDUAL: 'Cá nhân',
  NOMINEE_KIND_COLLECTIVE: 'Tập thể',
  NOMINEE_KIND_HOUSEHOLD: 'Hộ gia đình',
};

export const GENDER = {GENDER_MALE: 'Nam', GENDER_FEMALE: 'Nữ'};

export const OCCUPATION = {
  OCCUPATION_CATEGORY_DIRECT_WORKER: 'Công nhân, người lao động trực tiếp',
  OCCUPATION_CATEGORY_FARMER: 'Nông dân',
  OCCUPATION_CATEGORY_DIRECT_PRODUCER: 'Người trực tiếp sản xuất, kinh doanh',
  OCCUPATION_CATEGORY_CIVIL_SERVANT: 'Cán bộ, công chức, viên chức',
  OCCUPATION_CATEGORY_MANAGER: 'Lãnh đạo, quản lý',
  OCCUPATION_CATEGORY_ARMED_FORCES: 'Lực lượng vũ trang',
  OCCUPATION_CATEGORY_STUDENT: 'Học sinh, sinh viên',
  OCCUPATION_CATEGORY_OTHER: 'Khác',
};

export const VOTE_STATUS = {VOTE_STATUS_OPEN: 'Đang bỏ phiếu', VOTE_STATUS_CLOSED: 'Đã kết thúc'};

export const VOTE_RESULT = {
  VOTE_RESULT_PASSED: 'Thông qua',
  VOTE_RESULT_FAILED: 'Không thông qua',
  VOTE_RESULT_NO_QUORUM: 'Không đủ số thành viên tham gia (phiên vô hiệu)',
};

export const VOTE_CHOICE = {
  VOTE_CHOICE_YES: 'Đồng ý',
  VOTE_CHOICE_NO: 'Không đồng ý',
  VOTE_CHOICE_ABSTAIN: 'Không biểu quyết (phiếu trắng)',
};

export const COUNCIL_POSITION = {
  COUNCIL_POSITION_CHAIR: 'Chủ tịch Hội đồng',
  COUNCIL_POSITION_STANDING_VICE_CHAIR: 'Phó Chủ tịch thường trực',
  COUNCIL_POSITION_VICE_CHAIR: 'Phó Chủ tịch',
  COUNCIL_POSITION_MEMBER: 'Ủy viên',
  COUNCIL_POSITION_SECRETARY: 'Thư ký',
};

export const SEVERITY = {
  NOTIFICATION_SEVERITY_INFO: 'Thông tin',
  NOTIFICATION_SEVERITY_ACTION: 'Cần xử lý',
  NOTIFICATION_SEVERITY_WARNING: 'Sắp đến hạn',
  NOTIFICATION_SEVERITY_URGENT: 'Khẩn',
};

// Document kinds: the names of data/templates/notifications.textproto (document_kinds).
export const DOCUMENT_KIND = {
  TO_TRINH: 'Tờ trình',
  BAO_CAO_THANH_TICH: 'Báo cáo thành tích',
  BIEN_BAN_XET: 'Biên bản xét',
  BIEN_BAN_KIEM_PHIEU: 'Biên bản kiểm phiếu',
  CHUNG_NHAN_SANG_KIEN: 'Giấy chứng nhận sáng kiến',
  Y_KIEN_CO_QUAN_LIEN_QUAN: 'Ý kiến của cơ quan liên quan',
};

// A name for any enum value: the table's, else the raw value (a value newer than this console).
export function label(table, value, fallback = '—') {
  if (value === undefined || value === null || value === '') return fallback;
  return table[value] || String(value);
}

export function levelLabel(level) {
  return level ? `cấp ${label(LEVEL, level)}` : '—';
}
