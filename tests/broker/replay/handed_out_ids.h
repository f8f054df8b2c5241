// Values a broker hands out and a client then sends back: member ids, generations, fetch session
// ids, producer ids. Kafka's and tideline's differ by nature (random or per-broker), so the replay
// learns each pair from the two answers to the same request and puts tideline's value into the
// later captured requests that carry Kafka's. Nothing else in a request is ever rewritten.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "frame.h"

namespace tideline::testing {

class HandedOutIds {
public:
    // Learns from Kafka's recorded answer and tideline's answer to the same request.
    void learn(const protocol::AnyResponse& kafka, const protocol::AnyResponse& tideline);
    // Replaces Kafka's values by tideline's; true when anything changed.
    bool rewrite(protocol::AnyRequest& request) const;

private:
    bool swapMember(std::string& memberId) const;
    bool swapGeneration(std::int32_t& generation) const;
    bool swapProducer(std::optional<protocol::Bytes>& records) const;

    std::map<std::string, std::string> members_;
    std::map<std::int32_t, std::int32_t> generations_;
    std::map<std::int32_t, std::int32_t> fetchSessions_;
    std::map<std::int64_t, std::pair<std::int64_t, std::int16_t>> producers_;  // to id and epoch
};

}  // namespace tideline::testing
