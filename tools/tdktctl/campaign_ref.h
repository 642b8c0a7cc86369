#pragma once
// A campaign as the command line names it: its id as given ("cp-…"), or the campaign of a plan id of data/plans
// (e.g. "phu-tho-2024"). Defined in campaign_command.cc (library tdktctl_campaign); used by campaigns, register
// and report.
#include <string>

namespace tdkt::tdktctl {

std::string CampaignIdOf(const std::string& given);

}  // namespace tdkt::tdktctl
