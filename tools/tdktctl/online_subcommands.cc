#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

std::vector<Subcommand> OnlineSubcommands() {
  std::vector<Subcommand> all = {LoginSubcommand(), LogoutSubcommand(), InboxSubcommand(), ShowSubcommand(),
                                 SearchSubcommand(), StatisticsSubcommand()};
  for (const Subcommand& s : TransitionSubcommands()) all.push_back(s);
  for (const Subcommand& s : DocumentSubcommands()) all.push_back(s);
  all.push_back(NotificationsSubcommand());
  all.push_back(StatusSubcommand());
  all.push_back(TimersSubcommand());
  all.push_back(CampaignsSubcommand());
  all.push_back(RegisterSubcommand());
  all.push_back(BlocSubcommand());
  all.push_back(ReportSubcommand());
  all.push_back(AwardsSubcommand());
  all.push_back(DemoScenarioSubcommand());
  return all;
}

}  // namespace tdkt::tdktctl
