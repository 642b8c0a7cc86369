#pragma once
// The online tdktctl subcommands (gRPC to tdkt-directory, tdkt-dossier and tdkt-notifier), one source file each. Every one
// takes the global options of online_client.h; the password comes from $TDKT_PASSWORD or stdin.
//
//   tdktctl login --user vp.dongtan                      person id and grants (organisation codes)
//   tdktctl inbox --user vp.dongtan                      what waits for me, overdue first ("QUÁ HẠN")
//   tdktctl show --user vp.dongtan <dossier-id>          the dossier and its history
//   tdktctl search --user nv.tinh [--name T] [--state S] [--year Y]
//   tdktctl notifications --user vp.dongtan [--unread]   my notifications, unread first, newest first
//   tdktctl status <tracking-code>                       public status, no login
//   tdktctl demo-scenario                                loads the demo dossiers (idempotent)
//
// Exit codes: 0 done; 1 a call failed (one line on stderr); 2 bad usage.
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

int RunLoginCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunInboxCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunShowCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunSearchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunNotificationsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunStatusCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunDemoScenarioCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tdkt::tdktctl
