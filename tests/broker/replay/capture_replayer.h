// Sends a captured flow's requests, in wire order, to a running tideline-broker cluster and sets
// each answer beside the one Apache Kafka gave. Each captured connection becomes one socket per
// tideline broker it needs: requests that Kafka clients must send to a partition's leader or a
// group's coordinator go to tideline's leader or coordinator (replica and coordinator placement is
// random on both sides); everything else goes to the broker with the captured broker's id.
#pragma once

#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "replay/capture_flow.h"
#include "replay/handed_out_ids.h"
#include "support/raw_kafka_client.h"

namespace tideline::testing {

struct AnswerDifference {
    int line = 0;  // of Kafka's answer in the capture
    std::int16_t apiKey = -1;
    QStringList difference;  // shapeDifference(kafka, tideline); empty for a missing/undecodable answer
    QString problem;         // set when tideline's answer is missing or does not decode
};

struct FlowOutcome {
    int requestsSent = 0;
    int answersCompared = 0;
    std::vector<AnswerDifference> differences;
    QStringList failures;  // the replay itself could not go on
};

class CaptureReplayer {
public:
    // `firstPort` is broker 1's port; broker i listens on firstPort + i - 1.
    explicit CaptureReplayer(int firstPort) : firstPort_(firstPort) {}

    FlowOutcome replay(const CaptureFlow& flow);

private:
    struct Pending {
        std::pair<int, int> socket;  // captured connection, tideline broker
        std::int16_t apiKey = -1;
        std::int16_t answerVersion = -1;
    };

    RawKafkaClient& socketFor(int connection, int broker);
    int routeOf(const protocol::AnyRequest& request, int connection, int homeBroker);
    std::optional<int> leaderOf(const std::string& topic, std::int32_t partition);
    std::optional<int> coordinatorOf(const std::string& group);
    std::optional<int> controller();
    RawKafkaClient& lookupClient();
    void send(const CapturedFrame& frame, FlowOutcome& outcome);
    void compare(const CapturedFrame& frame, FlowOutcome& outcome);
    void expectClosedWithoutAnswer(const CaptureFlow& flow, FlowOutcome& outcome);

    int firstPort_;
    HandedOutIds ids_;
    std::unique_ptr<RawKafkaClient> lookup_;  // asks tideline where partitions and groups live
    std::map<std::pair<int, int>, std::unique_ptr<RawKafkaClient>> sockets_;
    std::map<std::pair<int, std::int32_t>, Pending> pending_;  // by captured connection, correlation id
    std::map<int, int> lastFetchBroker_;                       // captured connection -> broker
    QStringList kafkaListedGroups_;                            // over the flow's ListGroups answers
    QStringList tidelineListedGroups_;
};

}  // namespace tideline::testing
