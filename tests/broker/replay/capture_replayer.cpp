#include "replay/capture_replayer.h"

#include "replay/answer_shape.h"

namespace tideline::testing {

using namespace protocol;

namespace {

constexpr int kAnswerTimeoutMs = 15'000;  // a long-polling Fetch waits at most a few hundred ms

QByteArray withSizePrefix(const QByteArray& frame) {
    const auto size = static_cast<std::uint32_t>(frame.size());
    QByteArray out(4, '\0');
    for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(size >> (24 - 8 * i));
    return out + frame;
}

QByteArray toQByteArray(const Bytes& bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())};
}

std::int32_t correlationOf(const QByteArray& answer) {
    std::uint32_t id = 0;
    for (int i = 0; i < 4 && i < answer.size(); ++i) id = (id << 8) | static_cast<std::uint8_t>(answer[i]);
    return static_cast<std::int32_t>(id);
}

using TopicPartition = std::pair<std::string, std::int32_t>;

// The partition a leader-bound request is about: its first one. A Kafka client sends one request
// per leader, so the others in it share that leader.
std::optional<TopicPartition> leaderBoundPartition(const AnyRequest& request) {
    if (const auto* r = std::get_if<ProduceRequest>(&request)) {
        for (const auto& t : r->topic_data)
            for (const auto& p : t.partition_data) return TopicPartition{t.name, p.index};
    } else if (const auto* r = std::get_if<FetchRequest>(&request)) {
        for (const auto& t : r->topics)
            for (const auto& p : t.partitions) return TopicPartition{t.topic, p.partition};
    } else if (const auto* r = std::get_if<ListOffsetsRequest>(&request)) {
        for (const auto& t : r->topics)
            for (const auto& p : t.partitions) return TopicPartition{t.name, p.partition_index};
    } else if (const auto* r = std::get_if<DeleteRecordsRequest>(&request)) {
        for (const auto& t : r->topics)
            for (const auto& p : t.partitions) return TopicPartition{t.name, p.partition_index};
    }
    return std::nullopt;
}

// The group a coordinator-bound request is about.
std::optional<std::string> coordinatorBoundGroup(const AnyRequest& request) {
    return std::visit(
        [](const auto& r) -> std::optional<std::string> {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, JoinGroupRequest> || std::is_same_v<T, SyncGroupRequest> ||
                          std::is_same_v<T, HeartbeatRequest> || std::is_same_v<T, LeaveGroupRequest> ||
                          std::is_same_v<T, OffsetCommitRequest> || std::is_same_v<T, OffsetDeleteRequest>)
                return r.group_id;
            else if constexpr (std::is_same_v<T, OffsetFetchRequest>)
                return r.groups.empty() ? r.group_id : r.groups.front().group_id;
            else if constexpr (std::is_same_v<T, DescribeGroupsRequest>)
                return r.groups.empty() ? std::nullopt : std::optional(r.groups.front());
            else if constexpr (std::is_same_v<T, DeleteGroupsRequest>)
                return r.groups_names.empty() ? std::nullopt : std::optional(r.groups_names.front());
            else
                return std::nullopt;
        },
        request);
}

// Kafka takes these only on its controller.
bool controllerBound(const AnyRequest& request) {
    return std::holds_alternative<CreateTopicsRequest>(request) ||
           std::holds_alternative<DeleteTopicsRequest>(request) ||
           std::holds_alternative<CreatePartitionsRequest>(request);
}

// A broker's ListGroups answer lists the groups it coordinates, and which broker coordinates a
// group differs between the two clusters; what must match is the union over a flow, which asks
// every broker.
void setAsideListedGroups(QStringList& shape, QStringList& listed) {
    for (auto line = shape.begin(); line != shape.end();) {
        if (line->startsWith("group ")) {
            if (!listed.contains(*line)) listed << *line;
            line = shape.erase(line);
        } else {
            ++line;
        }
    }
}

}  // namespace

RawKafkaClient& CaptureReplayer::socketFor(int connection, int broker) {
    auto& socket = sockets_[{connection, broker}];
    if (!socket) socket = std::make_unique<RawKafkaClient>(firstPort_ + broker - 1);
    return *socket;
}

RawKafkaClient& CaptureReplayer::lookupClient() {
    if (!lookup_ || !lookup_->connected()) lookup_ = std::make_unique<RawKafkaClient>(firstPort_);
    return *lookup_;
}

std::optional<int> CaptureReplayer::leaderOf(const std::string& topic, std::int32_t partition) {
    MetadataRequest request;
    request.topics = std::vector<MetadataRequest::MetadataRequestTopic>{{{}, topic, {}}};
    request.allow_auto_topic_creation = false;  // looking must not create what the flow did not
    const auto answer = lookupClient().call<MetadataResponse>(4, request);
    if (!answer) return std::nullopt;
    for (const auto& t : answer->topics)
        for (const auto& p : t.partitions)
            if (p.partition_index == partition && p.leader_id > 0) return p.leader_id;
    return std::nullopt;
}

std::optional<int> CaptureReplayer::coordinatorOf(const std::string& group) {
    FindCoordinatorRequest request;
    request.key = group;
    const auto answer = lookupClient().call<FindCoordinatorResponse>(1, request);
    if (!answer || answer->error_code != 0) return std::nullopt;
    return answer->node_id;
}

std::optional<int> CaptureReplayer::controller() {
    MetadataRequest request;
    request.topics = std::vector<MetadataRequest::MetadataRequestTopic>{};
    const auto answer = lookupClient().call<MetadataResponse>(4, request);
    if (!answer || answer->controller_id <= 0) return std::nullopt;
    return answer->controller_id;
}

int CaptureReplayer::routeOf(const AnyRequest& request, int connection, int homeBroker) {
    if (const auto partition = leaderBoundPartition(request)) {
        const int broker = leaderOf(partition->first, partition->second).value_or(homeBroker);
        if (std::holds_alternative<FetchRequest>(request)) lastFetchBroker_[connection] = broker;
        return broker;
    }
    // An incremental Fetch that lists no partition belongs to the session of the earlier ones.
    if (std::holds_alternative<FetchRequest>(request) && lastFetchBroker_.count(connection))
        return lastFetchBroker_[connection];
    if (const auto group = coordinatorBoundGroup(request)) return coordinatorOf(*group).value_or(homeBroker);
    if (controllerBound(request)) return controller().value_or(homeBroker);
    return homeBroker;
}

void CaptureReplayer::send(const CapturedFrame& frame, FlowOutcome& outcome) {
    auto bytes = withSizePrefix(frame.frame);
    int broker = frame.brokerId;
    auto answerVersion = frame.apiVersion;
    auto decoded = decode_request(byteView(frame.frame));
    if (decoded) {
        auto& request = decoded.value();
        broker = routeOf(request.body, frame.connection, frame.brokerId);
        // Untouched requests go byte for byte, client quirks (trailing bytes) included.
        if (ids_.rewrite(request.body)) bytes = toQByteArray(encode_request(request.header, request.body));
    } else if (decoded.error().kind == DecodeErrorKind::UnsupportedVersion && frame.apiKey == 18) {
        answerVersion = 0;  // ApiVersions at an unknown version is answered in the v0 format
    }
    socketFor(frame.connection, broker).sendBytes(bytes);
    pending_[{frame.connection, frame.correlationId}] = {
        {frame.connection, broker}, frame.apiKey, answerVersion};
    ++outcome.requestsSent;
}

void CaptureReplayer::compare(const CapturedFrame& frame, FlowOutcome& outcome) {
    const auto found = pending_.find({frame.connection, frame.correlationId});
    if (found == pending_.end()) {
        outcome.failures << QString("line %1: an answer to no replayed request").arg(frame.line);
        return;
    }
    const auto pending = found->second;
    pending_.erase(found);
    AnswerDifference difference{frame.line, pending.apiKey, {}, {}};
    auto& socket = *sockets_[pending.socket];
    QByteArray answer;
    // Answers come in request order: any earlier one is for a request whose capture has no answer.
    do answer = socket.readFrame(kAnswerTimeoutMs);
    while (!answer.isEmpty() && correlationOf(answer) != frame.correlationId);
    const auto kafka = decode_response(byteView(frame.frame), pending.apiKey, pending.answerVersion);
    if (answer.isEmpty()) {
        difference.problem = "no answer from tideline";
    } else if (auto tideline = decode_response(byteView(answer), pending.apiKey, pending.answerVersion);
               !tideline) {
        difference.problem =
            "tideline's answer does not decode: " + QString::fromStdString(tideline.error().message);
    } else if (!kafka) {
        difference.problem = "Kafka's answer does not decode";
    } else {
        ids_.learn(kafka.value().body, tideline.value().body);
        auto kafkaShape = answerShape(kafka.value().body);
        auto tidelineShape = answerShape(tideline.value().body);
        if (pending.apiKey == 16) {  // ListGroups: see setAsideListedGroups
            setAsideListedGroups(kafkaShape, kafkaListedGroups_);
            setAsideListedGroups(tidelineShape, tidelineListedGroups_);
        }
        difference.difference = shapeDifference(kafkaShape, tidelineShape);
    }
    ++outcome.answersCompared;
    if (!difference.problem.isEmpty() || !difference.difference.isEmpty())
        outcome.differences.push_back(difference);
}

// Kafka sends nothing back for a frame it cannot parse and closes that connection.
void CaptureReplayer::expectClosedWithoutAnswer(const CaptureFlow& flow, FlowOutcome& outcome) {
    for (const auto& [key, pending] : pending_) {
        auto& socket = *sockets_[pending.socket];
        if (!socket.readFrame(2'000).isEmpty() || !socket.closedByPeer(5'000))
            outcome.failures << QString(
                                    "%1: connection %2 got an answer or stayed open after correlation id %3")
                                    .arg(flow.name)
                                    .arg(key.first)
                                    .arg(key.second);
    }
}

FlowOutcome CaptureReplayer::replay(const CaptureFlow& flow) {
    FlowOutcome outcome;
    sockets_.clear();
    pending_.clear();
    lastFetchBroker_.clear();
    kafkaListedGroups_.clear();
    tidelineListedGroups_.clear();
    for (const auto& frame : flow.frames) {
        for (auto& [key, socket] : sockets_)
            if (!socket->connected() && !flow.name.startsWith("raw-"))
                outcome.failures
                    << QString("line %1: tideline closed connection %2").arg(frame.line).arg(key.first);
        if (!outcome.failures.isEmpty()) break;
        if (frame.request)
            send(frame, outcome);
        else
            compare(frame, outcome);
    }
    // Requests left unanswered in the capture: a raw frame Kafka refused, or a Fetch still waiting
    // when the client went away (their answers are simply not read).
    if (flow.name.startsWith("raw-")) expectClosedWithoutAnswer(flow, outcome);
    kafkaListedGroups_.sort();
    tidelineListedGroups_.sort();
    if (auto groups = shapeDifference(kafkaListedGroups_, tidelineListedGroups_); !groups.isEmpty())
        outcome.differences.push_back({0, 16, groups, "the groups listed over the whole flow differ"});
    sockets_.clear();
    return outcome;
}

}  // namespace tideline::testing
