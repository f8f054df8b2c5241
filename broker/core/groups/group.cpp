#include "broker/core/groups/group.h"

#include <algorithm>
#include <cctype>

namespace tideline::broker {
namespace {

constexpr std::pair<GroupState, const char*> kStateNames[] = {
    {GroupState::Empty, "Empty"},
    {GroupState::PreparingRebalance, "PreparingRebalance"},
    {GroupState::CompletingRebalance, "CompletingRebalance"},
    {GroupState::Stable, "Stable"},
    {GroupState::Dead, "Dead"},
};

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The topics of a ConsumerProtocolSubscription (any version: they all start with the version and
// the topic array, in the classic encoding).
std::optional<std::vector<std::string>> subscription_topics(const protocol::Bytes& metadata) {
    try {
        protocol::Reader reader(metadata);
        if (reader.read_int16() < 0) return std::nullopt;
        const auto count = reader.read_array_length(false);
        std::vector<std::string> topics;
        for (std::int32_t i = 0; i < count; ++i) {
            const auto length = reader.read_string_length(false);
            if (length < 0) return std::nullopt;
            topics.push_back(reader.read_string_body(length));
        }
        return topics;
    } catch (const protocol::DecodeFailure&) {
        return std::nullopt;
    }
}

}  // namespace

const char* group_state_name(GroupState state) {
    for (const auto& [value, name] : kStateNames) {
        if (value == state) return name;
    }
    return "Unknown";
}

std::optional<GroupState> group_state_from_name(const std::string& name) {
    for (const auto& [value, known] : kStateNames) {
        if (lowercase(known) == lowercase(name)) return value;
    }
    return std::nullopt;
}

const protocol::Bytes* Member::metadata_for(const std::string& protocol_name) const {
    for (const auto& protocol : protocols) {
        if (protocol.name == protocol_name) return &protocol.metadata;
    }
    return nullptr;
}

bool Member::matches(const std::vector<GroupProtocol>& other) const {
    if (other.size() != protocols.size()) return false;
    for (std::size_t i = 0; i < other.size(); ++i) {
        if (other[i].name != protocols[i].name || other[i].metadata != protocols[i].metadata) return false;
    }
    return true;
}

Member* Group::member(const std::string& member_id) {
    auto it = members.find(member_id);
    return it == members.end() ? nullptr : &it->second;
}

bool Group::is_fenced(const std::string& member_id, const std::optional<std::string>& instance_id) const {
    if (!instance_id) return false;
    auto it = static_ids.find(*instance_id);
    return it != static_ids.end() && it->second != member_id;
}

bool Group::all_members_joined() const {
    if (!pending_members.empty()) return false;
    return std::all_of(members.begin(), members.end(),
                       [](const auto& entry) { return static_cast<bool>(entry.second.awaiting_join); });
}

bool Group::supports(const std::string& member_protocol_type, const std::vector<GroupProtocol>& protocols,
                     const std::string& member_id) const {
    if (member_protocol_type.empty() || protocols.empty()) return false;
    const bool alone = members.empty() || (members.size() == 1 && members.contains(member_id));
    if (alone) return true;
    if (protocol_type != member_protocol_type) return false;
    return std::any_of(protocols.begin(), protocols.end(), [&](const GroupProtocol& candidate) {
        return std::all_of(members.begin(), members.end(), [&](const auto& entry) {
            return entry.first == member_id || entry.second.metadata_for(candidate.name) != nullptr;
        });
    });
}

std::string Group::select_protocol() const {
    if (members.empty()) return {};
    // Candidates in the order the leader (or the first member) prefers them; ties go to that order.
    const auto& first =
        leader_id.empty() || !members.contains(leader_id) ? members.begin()->second : members.at(leader_id);
    std::vector<std::string> candidates;
    for (const auto& protocol : first.protocols) {
        const bool everyone = std::all_of(members.begin(), members.end(), [&](const auto& entry) {
            return entry.second.metadata_for(protocol.name) != nullptr;
        });
        if (everyone) candidates.push_back(protocol.name);
    }
    std::map<std::string, int> votes;
    for (const auto& [id, member] : members) {
        for (const auto& protocol : member.protocols) {
            if (std::find(candidates.begin(), candidates.end(), protocol.name) != candidates.end()) {
                ++votes[protocol.name];
                break;
            }
        }
    }
    std::string best;
    int best_votes = -1;
    for (const auto& candidate : candidates) {
        if (votes[candidate] > best_votes) {
            best = candidate;
            best_votes = votes[candidate];
        }
    }
    return best;
}

std::int32_t Group::max_rebalance_timeout_ms() const {
    std::int32_t longest = 0;
    for (const auto& [id, member] : members) longest = std::max(longest, member.rebalance_timeout_ms);
    return longest;
}

std::optional<std::set<std::string>> Group::subscribed_topics() const {
    if (protocol_type != "consumer") return std::nullopt;
    std::set<std::string> topics;
    for (const auto& [id, member] : members) {
        const protocol::Bytes* metadata =
            protocol_name ? member.metadata_for(*protocol_name)
                          : (member.protocols.empty() ? nullptr : &member.protocols.front().metadata);
        if (!metadata) return std::nullopt;
        auto subscribed = subscription_topics(*metadata);
        if (!subscribed) return std::nullopt;
        topics.insert(subscribed->begin(), subscribed->end());
    }
    return topics;
}

}  // namespace tideline::broker
