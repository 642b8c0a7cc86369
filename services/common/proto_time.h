#pragma once
// absl::Time ↔ google.protobuf.Timestamp, at the microsecond precision PostgreSQL stores. The one conversion every
// service uses (TimeUtil also keeps nanos non-negative for times before 1970).
//
//   *response.mutable_created_at() = common::ToProtoTime(row.created_at);
//   absl::Time expires = common::FromProtoTime(response.access_token_expires_at());
#include <cstdint>

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include "absl/time/time.h"

namespace tdkt::common {

inline google::protobuf::Timestamp ProtoTimeFromMicros(int64_t unix_micros) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(unix_micros);
}

inline google::protobuf::Timestamp ToProtoTime(absl::Time t) { return ProtoTimeFromMicros(absl::ToUnixMicros(t)); }

inline absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(t));
}

}  // namespace tdkt::common
