#pragma once
// The online tdktctl subcommands (gRPC to tdkt-directory, tdkt-dossier and tdkt-notifier), each with its row of
// the subcommand table (name, summary, --help text, run). Every one takes the global options of online_client.h
// and the saved session of `tdktctl login` (session_store.h); `--output json` prints the server's response.
//
//   tdktctl login --user vp.dongtan        asks the password once (TDKT_PASSWORD or stdin), saves the session
//   tdktctl inbox                          what waits for me, overdue first ("QUÁ HẠN")
//   tdktctl show <mã hồ sơ | mã tra cứu>   the dossier and its history
//   tdktctl accept <hồ sơ> --note …        every transition is a subcommand (transition_commands.cc)
//   tdktctl upload <hồ sơ> --kind TO_TRINH tờ-trình.pdf;  tdktctl download <hồ sơ> <tài liệu> --out f.pdf
//   tdktctl notifications [list|watch|mark-read]
//   tdktctl status <mã tra cứu>            public status, no login
//   tdktctl report --org PT --csv bc.csv    the report of a subtree over months, or its CSV
//   tdktctl demo-scenario                  loads the demo dossiers (idempotent)
//
// Exit codes: exit_codes.h.
#include <vector>

#include "tools/tdktctl/subcommands.h"

namespace tdkt::tdktctl {

// Every online subcommand, in the order `tdktctl --help` lists them.
std::vector<Subcommand> OnlineSubcommands();

// One row per file (each file's own subcommands).
Subcommand LoginSubcommand();
Subcommand LogoutSubcommand();
Subcommand InboxSubcommand();
Subcommand ShowSubcommand();
Subcommand SearchSubcommand();
Subcommand StatisticsSubcommand();
std::vector<Subcommand> TransitionSubcommands();  // create, submit, accept, … complain
std::vector<Subcommand> DocumentSubcommands();    // documents, upload, download
Subcommand NotificationsSubcommand();
Subcommand StatusSubcommand();
Subcommand TimersSubcommand();     // timers_command.cc: ListDossierTimers, ListUpcomingReminders (tdkt-scheduler)
Subcommand CampaignsSubcommand();  // campaign_command.cc: campaigns list|show (tdkt-campaign)
Subcommand RegisterSubcommand();   // campaign_command.cc: register for titles in a campaign
Subcommand BlocSubcommand();       // bloc_command.cc: emulation blocs, pledges, scoring (tdkt-campaign)
Subcommand ReportSubcommand();     // report_command.cc: GetReport, DownloadReportCsv (tdkt-campaign)
Subcommand DemoScenarioSubcommand();
Subcommand AwardsSubcommand();     // awards_command.cc: the award history, import | list

}  // namespace tdkt::tdktctl
