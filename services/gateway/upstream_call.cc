#include "services/gateway/upstream_call.h"

#include <condition_variable>
#include <mutex>
#include <vector>

namespace tdkt::gateway {
namespace {

void* TagOf(int op) { return reinterpret_cast<void*>(static_cast<intptr_t>(op + 1)); }
int OpOf(void* tag) { return static_cast<int>(reinterpret_cast<intptr_t>(tag)) - 1; }

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return bytes;
}

void Prepare(grpc::ClientContext& context, const CallOptions& options) {
  if (!options.bearer_token.empty()) context.AddMetadata("authorization", "Bearer " + options.bearer_token);
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
}

}  // namespace

grpc::Status UnaryCall(grpc::GenericStub& stub, const std::string& method, const std::string& request,
                       std::string* response, const CallOptions& options) {
  grpc::ClientContext context;
  Prepare(context, options);
  const grpc::ByteBuffer request_buffer = ToBuffer(request);
  grpc::ByteBuffer response_buffer;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status result) {
                   std::lock_guard<std::mutex> lock(mutex);
                   status = std::move(result);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  done_cv.wait(lock, [&] { return done; });
  if (status.ok()) *response = FromBuffer(response_buffer);
  return status;
}

StreamCall::StreamCall(grpc::GenericStub& stub, const std::string& method, const CallOptions& options) {
  Prepare(context_, options);
  call_ = stub.PrepareCall(&context_, method, &queue_);
  pending_[kStart] = true;
  call_->StartCall(TagOf(kStart));
}

StreamCall::~StreamCall() {
  if (!finished_) {
    context_.TryCancel();
    Finish();
  }
  queue_.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue_.Next(&tag, &ok)) {
  }
}

bool StreamCall::Await(Op op) {
  while (pending_[op]) {
    void* tag = nullptr;
    bool ok = false;
    if (!queue_.Next(&tag, &ok)) return false;
    const int done = OpOf(tag);
    pending_[done] = false;
    done_ok_[done] = ok;
  }
  return done_ok_[op];
}

bool StreamCall::Started() {
  if (pending_[kStart]) start_ok_ = Await(kStart);
  if (!start_ok_) broken_ = true;
  return start_ok_;
}

bool StreamCall::Write(const std::string& message) {
  if (broken_ || !Started()) return false;
  const grpc::ByteBuffer buffer = ToBuffer(message);
  pending_[kWrite] = true;
  call_->Write(buffer, TagOf(kWrite));
  if (!Await(kWrite)) broken_ = true;
  return !broken_;
}

bool StreamCall::WritesDone() {
  if (broken_ || !Started()) return false;
  pending_[kWritesDone] = true;
  call_->WritesDone(TagOf(kWritesDone));
  if (!Await(kWritesDone)) broken_ = true;
  return !broken_;
}

StreamCall::ReadResult StreamCall::Read(std::string* message, absl::Duration wait) {
  if (broken_ || !Started()) return ReadResult::kEnd;
  if (!pending_[kRead]) {
    pending_[kRead] = true;
    call_->Read(&read_buffer_, TagOf(kRead));
  }
  const absl::Time give_up = wait == absl::InfiniteDuration() ? absl::InfiniteFuture() : absl::Now() + wait;
  while (pending_[kRead]) {
    void* tag = nullptr;
    bool ok = false;
    const auto next = give_up == absl::InfiniteFuture()
                          ? (queue_.Next(&tag, &ok) ? grpc::CompletionQueue::GOT_EVENT
                                                    : grpc::CompletionQueue::SHUTDOWN)
                          : queue_.AsyncNext(&tag, &ok, absl::ToChronoTime(give_up));
    if (next == grpc::CompletionQueue::TIMEOUT) return ReadResult::kTimeout;
    if (next == grpc::CompletionQueue::SHUTDOWN) return ReadResult::kEnd;
    const int done = OpOf(tag);
    pending_[done] = false;
    done_ok_[done] = ok;
  }
  if (!done_ok_[kRead]) {
    broken_ = true;
    return ReadResult::kEnd;
  }
  *message = FromBuffer(read_buffer_);
  return ReadResult::kMessage;
}

grpc::Status StreamCall::Finish() {
  if (finished_) return status_;
  // Operations still in flight complete first (a cancelled call fails them at once).
  for (Op op : {kStart, kWrite, kWritesDone, kRead}) {
    if (pending_[op]) Await(op);
  }
  pending_[kFinish] = true;
  call_->Finish(&status_, TagOf(kFinish));
  Await(kFinish);
  finished_ = true;
  return status_;
}

void StreamCall::Cancel() { context_.TryCancel(); }

}  // namespace tdkt::gateway
