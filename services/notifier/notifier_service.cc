#include "services/notifier/notifier_service.h"

#include <algorithm>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/handler.h"
#include "services/common/pg_pool.h"
#include "services/common/request_checks.h"
#include "services/notifier/webhook_url.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;
using common::Serve;

constexpr int kMaxMarkIds = 500;
constexpr size_t kMinSecretBytes = 32;
constexpr size_t kMaxSecretBytes = 256;

// Our ids are positive decimal numbers.
absl::StatusOr<int64_t> ParseId(const std::string& field, const std::string& text) {
  int64_t id = 0;
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat("Thiếu ", field));
  if (!absl::SimpleAtoi(text, &id) || id <= 0 || text.find_first_not_of("0123456789") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(field, " không hợp lệ (must be a positive decimal id)"));
  }
  return id;
}

absl::Status CheckSubscription(const v1::WebhookSubscription& s, bool allow_loopback) {
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (subscription.org_id)", s.org_id()));
  TDKT_RETURN_IF_ERROR(CheckWebhookUrl(s.url(), allow_loopback));
  for (int type : s.event_types()) {
    TDKT_RETURN_IF_ERROR(common::CheckEnum("loại sự kiện (subscription.event_types)", type, v1::EventType_IsValid));
  }
  return common::CheckText("mô tả (subscription.description)", s.description(), {.max_chars = 500});
}

absl::Status CheckSecret(const std::string& secret, const std::string& field, common::Presence presence) {
  if (secret.empty() && presence == common::Presence::kOptional) return absl::OkStatus();
  if (secret.size() < kMinSecretBytes || secret.size() > kMaxSecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat("Khóa bí mật (", field, ") phải dài từ 32 đến 256 byte"));
  }
  return absl::OkStatus();
}

// A stream that ends at once with `status` (authentication or a bad request).
class RefusedStream final : public grpc::ServerWriteReactor<v1::WatchNotificationsResponse> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

NotifierServiceImpl::NotifierServiceImpl(common::PgPool& pool, const auth::TokenVerifier& verifier,
                                         const RecipientDirectory& directory, WatchHub& hub,
                                         NotifierServiceOptions options)
    : pool_(pool), verifier_(verifier), directory_(directory), hub_(hub), options_(std::move(options)) {}

absl::StatusOr<auth::Identity> NotifierServiceImpl::Caller(const grpc::ServerContextBase& context) const {
  return auth::AuthenticatedIdentity(context, verifier_, options_.refresh_keys);
}

absl::Status NotifierServiceImpl::MayAdminister(const auth::Identity& caller, const std::string& org_id) const {
  auto admin_at = [&](const std::string& org) {
    return std::any_of(caller.grants.begin(), caller.grants.end(), [&](const workflow::RoleGrant& grant) {
      return grant.role == workflow::Role::kAdmin && (grant.org_id == org || grant.org_id == "*");
    });
  };
  if (admin_at(org_id)) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> ancestors =
      directory_.Ancestors(org_id, workflow::VietnamDate(absl::Now()));
  if (absl::IsNotFound(ancestors.status())) {
    return absl::NotFoundError("Không tìm thấy đơn vị (organisation not found)");
  }
  TDKT_RETURN_IF_ERROR(ancestors.status());
  if (std::any_of(ancestors->begin(), ancestors->end(), admin_at)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "Chỉ quản trị viên của đơn vị hoặc đơn vị cấp trên mới được làm việc này (requires ADMIN of the organisation "
      "or an ancestor)");
}

absl::Status NotifierServiceImpl::Idempotent(const std::string& method, const auth::Identity& caller,
                                             const google::protobuf::Message& request, const std::string& request_id,
                                             google::protobuf::Message* response,
                                             const std::function<absl::Status(pqxx::work&)>& body) {
  const std::string fingerprint =
      common::RequestFingerprint("", method, caller.person_id, request.SerializeAsString());
  return pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, idempotency_.Claim(txn, request_id, fingerprint));
    if (earlier.has_value()) {
      response->ParseFromString(*earlier);
      return absl::OkStatus();
    }
    TDKT_RETURN_IF_ERROR(body(txn));
    idempotency_.Record(txn, request_id, response->SerializeAsString());
    return absl::OkStatus();
  });
}

// ---- in-app notifications ----

grpc::Status NotifierServiceImpl::ListNotifications(grpc::ServerContext* context,
                                                    const v1::ListNotificationsRequest* request,
                                                    v1::ListNotificationsResponse* response) {
  return Serve("ListNotifications", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    const std::string filter = request->unread_only() ? "unread" : "all";
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "notifications", filter));
    return pool_.InTransaction([&](pqxx::work& txn) {
      NotificationPage found = notifications_.List(txn, caller.person_id, request->unread_only(), page);
      for (v1::Notification& n : found.notifications) *response->add_notifications() = std::move(n);
      response->set_unread_count(notifications_.UnreadCount(txn, caller.person_id));
      if (found.next) {
        response->mutable_page()->set_next_page_token(common::EncodePageToken("notifications", filter, *found.next));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status NotifierServiceImpl::MarkRead(grpc::ServerContext* context, const v1::MarkReadRequest* request,
                                           v1::MarkReadResponse* response) {
  return Serve("MarkRead", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    std::vector<int64_t> ids;
    int64_t up_to = 0;
    if (request->all()) {
      if (!request->up_to_notification_id().empty()) {
        TDKT_ASSIGN_OR_RETURN(up_to, ParseId("mã thông báo (up_to_notification_id)", request->up_to_notification_id()));
      }
    } else {
      if (request->notification_ids().empty()) {
        return absl::InvalidArgumentError("Thiếu mã thông báo (notification_ids) hoặc all");
      }
      if (request->notification_ids_size() > kMaxMarkIds) {
        return absl::InvalidArgumentError("Quá 500 mã thông báo (notification_ids) trong một yêu cầu");
      }
      for (const std::string& id : request->notification_ids()) {
        TDKT_ASSIGN_OR_RETURN(int64_t parsed, ParseId("mã thông báo (notification_ids)", id));
        ids.push_back(parsed);
      }
    }
    return Idempotent("MarkRead", caller, *request, request->request_id(), response, [&](pqxx::work& txn) {
      response->set_marked_count(
          notifications_.MarkRead(txn, caller.person_id, ids, request->all(), up_to, absl::Now()));
      response->set_unread_count(notifications_.UnreadCount(txn, caller.person_id));
      return absl::OkStatus();
    });
  });
}

grpc::ServerWriteReactor<v1::WatchNotificationsResponse>* NotifierServiceImpl::WatchNotifications(
    grpc::CallbackServerContext* context, const v1::WatchNotificationsRequest* request) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return new RefusedStream(common::ToGrpcStatus(caller.status()));
  std::optional<int64_t> after;
  if (!request->after_notification_id().empty()) {
    absl::StatusOr<int64_t> id = ParseId("mã thông báo (after_notification_id)", request->after_notification_id());
    if (!id.ok()) return new RefusedStream(common::ToGrpcStatus(id.status()));
    after = *id;
  }
  return hub_.Open(caller->person_id, after, caller->expires_at);
}

// ---- e-mail preference ----

grpc::Status NotifierServiceImpl::GetEmailPreference(grpc::ServerContext* context,
                                                     const v1::GetEmailPreferenceRequest*,
                                                     v1::GetEmailPreferenceResponse* response) {
  return Serve("GetEmailPreference", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    return pool_.InTransaction([&](pqxx::work& txn) {
      response->set_delivery(emails_.Preference(txn, caller.person_id));
      return absl::OkStatus();
    });
  });
}

grpc::Status NotifierServiceImpl::SetEmailPreference(grpc::ServerContext* context,
                                                     const v1::SetEmailPreferenceRequest* request,
                                                     v1::SetEmailPreferenceResponse* response) {
  return Serve("SetEmailPreference", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(
        common::CheckEnum("cách nhận thư (delivery)", request->delivery(), v1::EmailDelivery_IsValid));
    return Idempotent("SetEmailPreference", caller, *request, request->request_id(), response, [&](pqxx::work& txn) {
      emails_.SetPreference(txn, caller.person_id, request->delivery());
      response->set_delivery(request->delivery());
      return absl::OkStatus();
    });
  });
}

// ---- webhook subscriptions ----

grpc::Status NotifierServiceImpl::CreateWebhookSubscription(grpc::ServerContext* context,
                                                            const v1::CreateWebhookSubscriptionRequest* request,
                                                            v1::CreateWebhookSubscriptionResponse* response) {
  return Serve("CreateWebhookSubscription", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckSubscription(request->subscription(), options_.allow_loopback_webhooks));
    TDKT_RETURN_IF_ERROR(CheckSecret(request->secret(), "secret", common::Presence::kRequired));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, request->subscription().org_id()));
    TDKT_RETURN_IF_ERROR(Idempotent("CreateWebhookSubscription", caller, *request, request->request_id(), response,
                                    [&](pqxx::work& txn) {
                                      *response->mutable_subscription() =
                                          webhooks_.Create(txn, request->subscription(), request->secret());
                                      return absl::OkStatus();
                                    }));
    spdlog::info("notifier: webhook subscription {} of organisation {} created", response->subscription().id(),
                 response->subscription().org_id());
    return absl::OkStatus();
  });
}

grpc::Status NotifierServiceImpl::GetWebhookSubscription(grpc::ServerContext* context,
                                                         const v1::GetWebhookSubscriptionRequest* request,
                                                         v1::GetWebhookSubscriptionResponse* response) {
  return Serve("GetWebhookSubscription", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_ASSIGN_OR_RETURN(const int64_t id, ParseId("mã đăng ký (subscription_id)", request->subscription_id()));
    v1::WebhookSubscription found;
    TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(found, webhooks_.Get(txn, id));
      return absl::OkStatus();
    }));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, found.org_id()));
    *response->mutable_subscription() = std::move(found);
    return absl::OkStatus();
  });
}

grpc::Status NotifierServiceImpl::ListWebhookSubscriptions(grpc::ServerContext* context,
                                                           const v1::ListWebhookSubscriptionsRequest* request,
                                                           v1::ListWebhookSubscriptionsResponse* response) {
  return Serve("ListWebhookSubscriptions", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id()));
    TDKT_ASSIGN_OR_RETURN(const common::Page page,
                          common::DecodePage(request->page(), "webhook-subscriptions", request->org_id()));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, request->org_id()));
    return pool_.InTransaction([&](pqxx::work& txn) {
      StorePage<v1::WebhookSubscription> found = webhooks_.List(txn, request->org_id(), page);
      for (v1::WebhookSubscription& s : found.items) *response->add_subscriptions() = std::move(s);
      if (found.next) {
        response->mutable_page()->set_next_page_token(
            common::EncodePageToken("webhook-subscriptions", request->org_id(), *found.next));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status NotifierServiceImpl::UpdateWebhookSubscription(grpc::ServerContext* context,
                                                            const v1::UpdateWebhookSubscriptionRequest* request,
                                                            v1::UpdateWebhookSubscriptionResponse* response) {
  return Serve("UpdateWebhookSubscription", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_ASSIGN_OR_RETURN(const int64_t id, ParseId("mã đăng ký (subscription.id)", request->subscription().id()));
    v1::WebhookSubscription wanted = request->subscription();
    v1::WebhookSubscription existing;
    TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(existing, webhooks_.Get(txn, id));
      return absl::OkStatus();
    }));
    wanted.set_org_id(existing.org_id());  // the owner does not change
    TDKT_RETURN_IF_ERROR(CheckSubscription(wanted, options_.allow_loopback_webhooks));
    TDKT_RETURN_IF_ERROR(CheckSecret(request->new_secret(), "new_secret", common::Presence::kOptional));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, existing.org_id()));
    const std::optional<std::string> secret =
        request->new_secret().empty() ? std::nullopt : std::optional<std::string>(request->new_secret());
    return Idempotent("UpdateWebhookSubscription", caller, *request, request->request_id(), response,
                      [&](pqxx::work& txn) -> absl::Status {
                        TDKT_ASSIGN_OR_RETURN(*response->mutable_subscription(),
                                              webhooks_.Update(txn, wanted, request->expected_version(), secret));
                        return absl::OkStatus();
                      });
  });
}

grpc::Status NotifierServiceImpl::DeleteWebhookSubscription(grpc::ServerContext* context,
                                                            const v1::DeleteWebhookSubscriptionRequest* request,
                                                            v1::DeleteWebhookSubscriptionResponse* response) {
  return Serve("DeleteWebhookSubscription", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_ASSIGN_OR_RETURN(const int64_t id, ParseId("mã đăng ký (subscription_id)", request->subscription_id()));
    v1::WebhookSubscription existing;
    TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(existing, webhooks_.Get(txn, id));
      return absl::OkStatus();
    }));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, existing.org_id()));
    return Idempotent("DeleteWebhookSubscription", caller, *request, request->request_id(), response,
                      [&](pqxx::work& txn) { return webhooks_.Delete(txn, id, request->expected_version()); });
  });
}

// ---- dead letters ----

grpc::Status NotifierServiceImpl::ListDeadLetters(grpc::ServerContext* context,
                                                  const v1::ListDeadLettersRequest* request,
                                                  v1::ListDeadLettersResponse* response) {
  return Serve("ListDeadLetters", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    std::string org_id = request->org_id();
    int64_t subscription_id = 0;
    if (!request->subscription_id().empty()) {
      TDKT_ASSIGN_OR_RETURN(subscription_id, ParseId("mã đăng ký (subscription_id)", request->subscription_id()));
      TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const v1::WebhookSubscription s, webhooks_.Get(txn, subscription_id));
        if (!org_id.empty() && org_id != s.org_id()) {
          return absl::InvalidArgumentError("Đăng ký webhook không thuộc đơn vị này (org_id)");
        }
        org_id = s.org_id();
        return absl::OkStatus();
      }));
    }
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", org_id));
    const std::string filter = absl::StrCat(org_id, "/", subscription_id);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "dead-letters", filter));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, org_id));
    return pool_.InTransaction([&](pqxx::work& txn) {
      StorePage<v1::DeadLetter> found = webhooks_.ListDeadLetters(txn, org_id, subscription_id, page);
      for (v1::DeadLetter& d : found.items) *response->add_dead_letters() = std::move(d);
      if (found.next) {
        response->mutable_page()->set_next_page_token(common::EncodePageToken("dead-letters", filter, *found.next));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status NotifierServiceImpl::RetryDeadLetter(grpc::ServerContext* context,
                                                  const v1::RetryDeadLetterRequest* request,
                                                  v1::RetryDeadLetterResponse* response) {
  return Serve("RetryDeadLetter", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_ASSIGN_OR_RETURN(const int64_t id, ParseId("mã thư chết (dead_letter_id)", request->dead_letter_id()));
    std::string org_id;
    TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
      // A retried id that is no longer dead is answered by the idempotency record below, not refused here.
      TDKT_ASSIGN_OR_RETURN(org_id, webhooks_.DeliveryOrg(txn, id, /*dead_only=*/false));
      return absl::OkStatus();
    }));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, org_id));
    TDKT_RETURN_IF_ERROR(Idempotent("RetryDeadLetter", caller, *request, request->request_id(), response,
                                    [&](pqxx::work& txn) -> absl::Status {
                                      TDKT_RETURN_IF_ERROR(webhooks_.Requeue(txn, id, absl::Now()));
                                      response->set_delivery_id(absl::StrCat(id));
                                      return absl::OkStatus();
                                    }));
    spdlog::info("notifier: dead letter {} queued again", id);
    return absl::OkStatus();
  });
}

grpc::Status NotifierServiceImpl::ListDeliveryAttempts(grpc::ServerContext* context,
                                                       const v1::ListDeliveryAttemptsRequest* request,
                                                       v1::ListDeliveryAttemptsResponse* response) {
  return Serve("ListDeliveryAttempts", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_ASSIGN_OR_RETURN(const int64_t id, ParseId("mã lần gửi (delivery_id)", request->delivery_id()));
    std::string org_id;
    TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(org_id, webhooks_.DeliveryOrg(txn, id, /*dead_only=*/false));
      return absl::OkStatus();
    }));
    TDKT_RETURN_IF_ERROR(MayAdminister(caller, org_id));
    return pool_.InTransaction([&](pqxx::work& txn) {
      for (v1::DeliveryAttempt& a : webhooks_.Attempts(txn, id)) *response->add_attempts() = std::move(a);
      return absl::OkStatus();
    });
  });
}

}  // namespace tdkt::notifier
