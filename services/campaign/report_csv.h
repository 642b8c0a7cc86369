#pragma once
// ReportCsv: a report as a CSV file for spreadsheets — UTF-8 with a byte order mark (so that Excel reads the
// Vietnamese text as UTF-8), CRLF line ends, Vietnamese headers, one figure per row:
//
//   Nhóm,Cấp,Trạng thái,Danh hiệu / hình thức,Chỉ tiêu,Giá trị
//   Hồ sơ,cấp xã,Đang thẩm định,CSTD_CO_SO,Số hồ sơ,12
//   …
#include <string>

#include "tdkt/v1/report.pb.h"

namespace tdkt::campaign {

std::string ReportCsv(const tdkt::v1::Report& report);

// "bao-cao-<org>-<YYYY-MM>-<YYYY-MM>.csv"
std::string ReportCsvFileName(const tdkt::v1::Report& report);

}  // namespace tdkt::campaign
