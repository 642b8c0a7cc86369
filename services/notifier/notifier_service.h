#pragma once
// NotifierServiceImpl: the gRPC face of the notifier (proto/tdkt/v1/notifier.proto). Thin: authenticate, check
// the request at the edge (INVALID_ARGUMENT, nothing written), authorise, call the stores, map the status once
// (common::Serve). Mutating RPCs are idempotent by request_id (common::Idempotency, in the same transaction).
//
// Authorisation: a person lists, watches and marks only their own notifications and sets only their own
// e-mail preference (the person comes from the token, never from the request). Webhook subscriptions and dead
// letters are managed by ROLE_ADMIN of the subscription's organisation or of one of its ancestors (or the
// system administrator), checked against the directory's ancestry today.
//
// WatchNotifications is a callback reactor (WatchHub): no handler thread waits for an open stream.
#include <functional>
#include <string>

#include <pqxx/transaction>

#include "services/auth/token_verifier.h"
#include "services/common/idempotency.h"
#include "services/notifier/email_store.h"
#include "services/notifier/notification_store.h"
#include "services/notifier/recipient_directory.h"
#include "services/notifier/watch_hub.h"
#include "services/notifier/webhook_store.h"
#include "tdkt/v1/notifier.grpc.pb.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

struct NotifierServiceOptions {
  bool allow_loopback_webhooks = false;
  // Called once when a token names an unknown key id (auth::KeyRefresher::Refresh). Null: no refetch.
  std::function<bool()> refresh_keys;
};

class NotifierServiceImpl final
    : public tdkt::v1::NotifierService::WithCallbackMethod_WatchNotifications<tdkt::v1::NotifierService::Service> {
 public:
  NotifierServiceImpl(common::PgPool& pool, const auth::TokenVerifier& verifier, const RecipientDirectory& directory,
                      WatchHub& hub, NotifierServiceOptions options = {});

  grpc::Status ListNotifications(grpc::ServerContext* context, const tdkt::v1::ListNotificationsRequest* request,
                                 tdkt::v1::ListNotificationsResponse* response) override;
  grpc::Status MarkRead(grpc::ServerContext* context, const tdkt::v1::MarkReadRequest* request,
                        tdkt::v1::MarkReadResponse* response) override;
  grpc::ServerWriteReactor<tdkt::v1::WatchNotificationsResponse>* WatchNotifications(
      grpc::CallbackServerContext* context, const tdkt::v1::WatchNotificationsRequest* request) override;
  grpc::Status GetEmailPreference(grpc::ServerContext* context, const tdkt::v1::GetEmailPreferenceRequest* request,
                                  tdkt::v1::GetEmailPreferenceResponse* response) override;
  grpc::Status SetEmailPreference(grpc::ServerContext* context, const tdkt::v1::SetEmailPreferenceRequest* request,
                                  tdkt::v1::SetEmailPreferenceResponse* response) override;

  grpc::Status CreateWebhookSubscription(grpc::ServerContext* context,
                                         const tdkt::v1::CreateWebhookSubscriptionRequest* request,
                                         tdkt::v1::CreateWebhookSubscriptionResponse* response) override;
  grpc::Status GetWebhookSubscription(grpc::ServerContext* context,
                                      const tdkt::v1::GetWebhookSubscriptionRequest* request,
                                      tdkt::v1::GetWebhookSubscriptionResponse* response) override;
  grpc::Status ListWebhookSubscriptions(grpc::ServerContext* context,
                                        const tdkt::v1::ListWebhookSubscriptionsRequest* request,
                                        tdkt::v1::ListWebhookSubscriptionsResponse* response) override;
  grpc::Status UpdateWebhookSubscription(grpc::ServerContext* context,
                                         const tdkt::v1::UpdateWebhookSubscriptionRequest* request,
                                         tdkt::v1::UpdateWebhookSubscriptionResponse* response) override;
  grpc::Status DeleteWebhookSubscription(grpc::ServerContext* context,
                                         const tdkt::v1::DeleteWebhookSubscriptionRequest* request,
                                         tdkt::v1::DeleteWebhookSubscriptionResponse* response) override;
  grpc::Status ListDeadLetters(grpc::ServerContext* context, const tdkt::v1::ListDeadLettersRequest* request,
                               tdkt::v1::ListDeadLettersResponse* response) override;
  grpc::Status RetryDeadLetter(grpc::ServerContext* context, const tdkt::v1::RetryDeadLetterRequest* request,
                               tdkt::v1::RetryDeadLetterResponse* response) override;
  grpc::Status ListDeliveryAttempts(grpc::ServerContext* context, const tdkt::v1::ListDeliveryAttemptsRequest* request,
                                    tdkt::v1::ListDeliveryAttemptsResponse* response) override;

 private:
  absl::StatusOr<auth::Identity> Caller(const grpc::ServerContextBase& context) const;
  // PERMISSION_DENIED unless the caller is ADMIN of `org_id`, of one of its ancestors, or of everything.
  absl::Status MayAdminister(const auth::Identity& caller, const std::string& org_id) const;
  // Runs `body` in one transaction after claiming `request_id`; a retry gets the first response back.
  absl::Status Idempotent(const std::string& method, const auth::Identity& caller,
                          const google::protobuf::Message& request, const std::string& request_id,
                          google::protobuf::Message* response, const std::function<absl::Status(pqxx::work&)>& body);

  common::PgPool& pool_;
  const auth::TokenVerifier& verifier_;
  const RecipientDirectory& directory_;
  WatchHub& hub_;
  const NotifierServiceOptions options_;
  const common::Idempotency idempotency_{"notifier"};
  NotificationStore notifications_;
  WebhookStore webhooks_;
  EmailStore emails_;
};

}  // namespace tdkt::notifier
