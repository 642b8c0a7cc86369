#pragma once
// Calls to the services behind the gateway through grpc::GenericStub, with serialized messages: the gateway
// needs no generated stub per service. Every call carries the caller's bearer token (when there is one) and
// a deadline.
//
//   std::string response;
//   grpc::Status status = UnaryCall(stub, "/tdkt.v1.DossierService/GetDossier", request_bytes, &response,
//                                   {.bearer_token = token, .timeout = absl::Seconds(10)});
//
//   StreamCall call(stub, "/tdkt.v1.NotifierService/WatchNotifications", {.bearer_token = token, …});
//   call.Start(); call.Write(request_bytes); call.WritesDone();
//   while (call.Read(&message, absl::Seconds(1)) != StreamCall::ReadResult::kEnd) …
//   grpc::Status status = call.Finish();
#include <memory>
#include <string>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"

namespace tdkt::gateway {

struct CallOptions {
  std::string bearer_token;  // empty: no authorization metadata (GetPublicStatus, Login)
  absl::Duration timeout = absl::Seconds(10);
};

// One unary call; blocks until it completes (within options.timeout).
grpc::Status UnaryCall(grpc::GenericStub& stub, const std::string& method, const std::string& request,
                       std::string* response, const CallOptions& options);

// One streaming call (client, server or both), driven synchronously on a completion queue of its own. Not
// thread-safe, except Cancel. The destructor cancels a call that has not finished and waits for gRPC to let
// go of it.
class StreamCall {
 public:
  enum class ReadResult { kMessage, kEnd, kTimeout };

  StreamCall(grpc::GenericStub& stub, const std::string& method, const CallOptions& options);
  ~StreamCall();
  StreamCall(const StreamCall&) = delete;
  StreamCall& operator=(const StreamCall&) = delete;

  // Each returns false when the stream is broken (the server ended it, or the deadline passed): Finish()
  // says why.
  bool Write(const std::string& message);
  bool WritesDone();
  // The next message from the server, waiting at most `wait` (a read still pending after kTimeout is
  // completed by the next Read). kEnd: no more messages.
  ReadResult Read(std::string* message, absl::Duration wait = absl::InfiniteDuration());
  // The call's status (after the last message was read, or to learn why a Write failed).
  grpc::Status Finish();
  // From any thread: the call ends with CANCELLED.
  void Cancel();

 private:
  enum Op : int { kStart, kWrite, kWritesDone, kRead, kFinish, kOpCount };
  // Waits until operation `op` completes (other completions are recorded on the way); its ok flag.
  bool Await(Op op);
  bool Started();

  grpc::ClientContext context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  grpc::ByteBuffer read_buffer_;
  grpc::Status status_;
  bool pending_[kOpCount] = {};
  bool done_ok_[kOpCount] = {};
  bool start_ok_ = false;
  bool broken_ = false;
  bool finished_ = false;
};

}  // namespace tdkt::gateway
