#include "replay/handed_out_ids.h"

#include "record_batch.h"

namespace tideline::testing {

using namespace protocol;

namespace {

template <typename T>
const T* as(const AnyResponse& answer) {
    return std::get_if<T>(&answer);
}

template <typename Key, typename Value>
bool swapIn(const std::map<Key, Value>& map, Key& value) {
    const auto found = map.find(value);
    if (found == map.end() || found->second == value) return false;
    value = found->second;
    return true;
}

void putBigEndian(std::uint8_t* at, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) at[i] = static_cast<std::uint8_t>(value >> (8 * (bytes - 1 - i)));
}

}  // namespace

void HandedOutIds::learn(const AnyResponse& kafka, const AnyResponse& tideline) {
    if (const auto* k = as<JoinGroupResponse>(kafka)) {
        const auto* t = as<JoinGroupResponse>(tideline);
        if (!t) return;
        if (!k->member_id.empty() && !t->member_id.empty()) members_[k->member_id] = t->member_id;
        if (!k->leader.empty() && !t->leader.empty()) members_[k->leader] = t->leader;
        if (k->generation_id >= 0 && t->generation_id >= 0) generations_[k->generation_id] = t->generation_id;
        // The leader's answer lists every member; the captured groups order them alike.
        if (k->members.size() == t->members.size())
            for (std::size_t i = 0; i < k->members.size(); ++i)
                members_[k->members[i].member_id] = t->members[i].member_id;
    } else if (const auto* k = as<FetchResponse>(kafka)) {
        const auto* t = as<FetchResponse>(tideline);
        if (t && k->session_id != 0 && t->session_id != 0) fetchSessions_[k->session_id] = t->session_id;
    } else if (const auto* k = as<InitProducerIdResponse>(kafka)) {
        const auto* t = as<InitProducerIdResponse>(tideline);
        if (t && k->producer_id >= 0 && t->producer_id >= 0)
            producers_[k->producer_id] = {t->producer_id, t->producer_epoch};
    }
}

bool HandedOutIds::swapMember(std::string& memberId) const { return swapIn(members_, memberId); }

bool HandedOutIds::swapGeneration(std::int32_t& generation) const { return swapIn(generations_, generation); }

// An idempotent batch names its producer inside the CRC-covered part of the batch header, so the
// CRC is computed again after the swap.
bool HandedOutIds::swapProducer(std::optional<Bytes>& records) const {
    if (!records || producers_.empty()) return false;
    bool changed = false;
    std::size_t at = 0;
    while (at + batch_layout::kHeaderSize <= records->size()) {
        const auto header = parse_batch_header(ByteView(*records).subspan(at));
        if (!header || at + header->total_size() > records->size()) break;
        const auto found = producers_.find(header->producer_id);
        if (found != producers_.end()) {
            auto* batch = records->data() + at;
            putBigEndian(batch + batch_layout::kProducerIdOffset,
                         static_cast<std::uint64_t>(found->second.first), 8);
            putBigEndian(batch + batch_layout::kProducerEpochOffset,
                         static_cast<std::uint16_t>(found->second.second), 2);
            const auto crc = compute_batch_crc(ByteView(*records).subspan(at, header->total_size()));
            putBigEndian(batch + batch_layout::kCrcOffset, crc, 4);
            changed = true;
        }
        at += header->total_size();
    }
    return changed;
}

bool HandedOutIds::rewrite(AnyRequest& request) const {
    bool changed = false;
    auto member = [&](std::string& id) { changed |= swapMember(id); };
    auto generation = [&](std::int32_t& g) { changed |= swapGeneration(g); };
    if (auto* r = std::get_if<JoinGroupRequest>(&request)) {
        member(r->member_id);
    } else if (auto* r = std::get_if<SyncGroupRequest>(&request)) {
        member(r->member_id);
        generation(r->generation_id);
        for (auto& a : r->assignments) member(a.member_id);
    } else if (auto* r = std::get_if<HeartbeatRequest>(&request)) {
        member(r->member_id);
        generation(r->generation_id);
    } else if (auto* r = std::get_if<OffsetCommitRequest>(&request)) {
        member(r->member_id);
        generation(r->generation_id_or_member_epoch);
    } else if (auto* r = std::get_if<LeaveGroupRequest>(&request)) {
        member(r->member_id);
        for (auto& m : r->members) member(m.member_id);
    } else if (auto* r = std::get_if<FetchRequest>(&request)) {
        changed |= swapIn(fetchSessions_, r->session_id);
    } else if (auto* r = std::get_if<ProduceRequest>(&request)) {
        for (auto& t : r->topic_data)
            for (auto& p : t.partition_data) changed |= swapProducer(p.records);
    }
    return changed;
}

}  // namespace tideline::testing
