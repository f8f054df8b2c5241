#include "replay/answer_shape.h"

#include <algorithm>

#include "record_batch.h"

namespace tideline::testing {

using namespace protocol;

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }
QString str(const std::optional<std::string>& s) { return s ? str(*s) : QStringLiteral("<null>"); }

// Records in a fetched `records` field, counted from the batch headers (compressed or not).
int recordCount(const std::optional<Bytes>& records) {
    if (!records) return 0;
    int count = 0;
    BatchSetReader reader(*records);
    while (auto batch = reader.next()) count += batch->header.records_count;
    return count;
}

class Shape {
public:
    template <typename... Parts>
    void add(const QString& format, Parts&&... parts) {
        QString line = format;
        ((line = line.arg(parts)), ...);
        lines_ << line;
    }
    QStringList sorted() {
        lines_.sort();
        return lines_;
    }

private:
    QStringList lines_;
};

// Each answer type contributes the lines that describe it. Throttle times are left out everywhere
// (Kafka and tideline both send 0 here, but it is a load signal, not a protocol fact).
void describe(Shape& s, const MetadataResponse& r) {
    // Hosts, ports and the cluster id are the capture environment's; node ids are 1..3 on both.
    // Leaders, replica lists and ISRs name brokers picked at random on both sides (Kafka's and
    // tideline's assignment both start at a random broker), so only their sizes are compared.
    for (const auto& b : r.brokers) s.add("broker %1", b.node_id);
    s.add("controller known %1", r.controller_id >= 0 ? "yes" : "no");
    for (const auto& t : r.topics) {
        s.add("topic %1 error %2 internal %3 partitions %4", str(t.name), t.error_code,
              t.is_internal ? "yes" : "no", static_cast<int>(t.partitions.size()));
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3 replicas %4 isr %5 leader known %6", str(t.name),
                  p.partition_index, p.error_code, static_cast<int>(p.replica_nodes.size()),
                  static_cast<int>(p.isr_nodes.size()), p.leader_id >= 0 ? "yes" : "no");
    }
}

void describe(Shape& s, const ApiVersionsResponse& r) {
    // The version ranges differ by design: tideline serves newer versions than Kafka 2.4.0 and
    // none of the transaction, ACL or delegation-token APIs. The catalog tests check the ranges.
    s.add("error %1 lists apis %2", r.error_code, r.api_keys.empty() ? "no" : "yes");
}

void describe(Shape& s, const ProduceResponse& r) {
    // log_append_time stays -1 with CreateTime topics; log_start_offset and base_offset follow
    // from the flows replayed before, which leave the same logs on both sides.
    for (const auto& t : r.responses)
        for (const auto& p : t.partition_responses)
            s.add("topic %1 partition %2 error %3 base offset %4 log start %5", str(t.name), p.index,
                  p.error_code, p.base_offset, p.log_start_offset);
}

void describe(Shape& s, const FetchResponse& r) {
    // The session id is each broker's own random number; only whether a session exists matters.
    s.add("error %1 session %2", r.error_code, r.session_id != 0 ? "yes" : "no");
    for (const auto& t : r.responses)
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3 high watermark %4 log start %5 records %6", str(t.topic),
                  p.partition_index, p.error_code, p.high_watermark, p.log_start_offset,
                  recordCount(p.records));
}

void describe(Shape& s, const ListOffsetsResponse& r) {
    for (const auto& t : r.topics)
        for (const auto& p : t.partitions) {
            QStringList old;
            for (auto o : p.old_style_offsets) old << QString::number(o);
            s.add("topic %1 partition %2 error %3 offset %4 timestamp %5 old offsets [%6]", str(t.name),
                  p.partition_index, p.error_code, p.offset, p.timestamp, old.join(' '));
        }
}

void describe(Shape& s, const DescribeConfigsResponse& r) {
    // Names and sources are the contract (where a value comes from: topic override, broker
    // setting, default). Values are left out: paths, listeners and ports are the capture
    // machine's. So are synonyms: Kafka 2.4 drops the broker-level synonyms of topic configs,
    // which later Kafka versions and tideline list.
    for (const auto& res : r.results) {
        s.add("resource %1 %2 error %3 configs %4", res.resource_type, str(res.resource_name), res.error_code,
              static_cast<int>(res.configs.size()));
        for (const auto& c : res.configs)
            s.add("resource %1 config %2 source %3", str(res.resource_name), str(c.name), c.config_source);
    }
}

void describe(Shape& s, const AlterConfigsResponse& r) {
    for (const auto& res : r.responses)
        s.add("resource %1 %2 error %3", res.resource_type, str(res.resource_name), res.error_code);
}

void describe(Shape& s, const CreateTopicsResponse& r) {
    for (const auto& t : r.topics) {
        s.add("topic %1 error %2 partitions %3 replication %4", str(t.name), t.error_code, t.num_partitions,
              t.replication_factor);
        if (t.configs)
            for (const auto& c : *t.configs)
                s.add("topic %1 config %2 source %3", str(t.name), str(c.name), c.config_source);
    }
}

void describe(Shape& s, const DeleteTopicsResponse& r) {
    for (const auto& t : r.responses) s.add("topic %1 error %2", str(t.name), t.error_code);
}

void describe(Shape& s, const CreatePartitionsResponse& r) {
    for (const auto& t : r.results) s.add("topic %1 error %2", str(t.name), t.error_code);
}

void describe(Shape& s, const DeleteRecordsResponse& r) {
    for (const auto& t : r.topics)
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3 low watermark %4", str(t.name), p.partition_index,
                  p.error_code, p.low_watermark);
}

void describe(Shape& s, const InitProducerIdResponse& r) {
    // Producer ids are handed out from each broker's own block; the epoch of a new id is 0.
    s.add("error %1 epoch %2", r.error_code, r.producer_epoch);
}

void describe(Shape& s, const FindCoordinatorResponse& r) {
    // Which broker coordinates a group depends on where __consumer_offsets' leaders landed.
    s.add("error %1", r.error_code);
    for (const auto& c : r.coordinators) s.add("key %1 error %2", str(c.key), c.error_code);
}

void describe(Shape& s, const JoinGroupResponse& r) {
    // Member ids are client id plus a random UUID on both sides; whether this member leads is kept.
    s.add("error %1 generation %2 protocol %3 leader is member %4 members %5", r.error_code, r.generation_id,
          str(r.protocol_name), r.leader == r.member_id ? "yes" : "no", static_cast<int>(r.members.size()));
}

void describe(Shape& s, const SyncGroupResponse& r) {
    s.add("error %1 assignment %2", r.error_code,
          QString(QByteArray(reinterpret_cast<const char*>(r.assignment.data()),
                             static_cast<qsizetype>(r.assignment.size()))
                      .toHex()));
}

void describe(Shape& s, const HeartbeatResponse& r) { s.add("error %1", r.error_code); }

void describe(Shape& s, const LeaveGroupResponse& r) {
    s.add("error %1 members %2", r.error_code, static_cast<int>(r.members.size()));
    for (const auto& m : r.members) s.add("member error %1", m.error_code);
}

void describe(Shape& s, const OffsetCommitResponse& r) {
    for (const auto& t : r.topics)
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3", str(t.name), p.partition_index, p.error_code);
}

void describe(Shape& s, const OffsetFetchResponse& r) {
    s.add("error %1", r.error_code);
    for (const auto& t : r.topics)
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3 offset %4 metadata %5", str(t.name), p.partition_index,
                  p.error_code, p.committed_offset, str(p.metadata));
}

// Each broker lists the groups it coordinates; the replayer compares the union over a flow.
void describe(Shape& s, const ListGroupsResponse& r) {
    s.add("error %1", r.error_code);
    for (const auto& g : r.groups) s.add("group %1 type %2", str(g.group_id), str(g.protocol_type));
}

void describe(Shape& s, const DescribeGroupsResponse& r) {
    // Member ids and client hosts differ; client ids and assignments come from the replayed requests.
    for (const auto& g : r.groups) {
        s.add("group %1 error %2 state %3 type %4 protocol %5 members %6", str(g.group_id), g.error_code,
              str(g.group_state), str(g.protocol_type), str(g.protocol_data),
              static_cast<int>(g.members.size()));
        for (const auto& m : g.members)
            s.add("group %1 member of client %2", str(g.group_id), str(m.client_id));
    }
}

void describe(Shape& s, const DeleteGroupsResponse& r) {
    for (const auto& g : r.results) s.add("group %1 error %2", str(g.group_id), g.error_code);
}

void describe(Shape& s, const OffsetDeleteResponse& r) {
    s.add("error %1", r.error_code);
    for (const auto& t : r.topics)
        for (const auto& p : t.partitions)
            s.add("topic %1 partition %2 error %3", str(t.name), p.partition_index, p.error_code);
}

// APIs the captures never use: their shape is just that they decoded.
template <typename Other>
void describe(Shape& s, const Other&) {
    s.add("decoded %1", Other::kName);
}

}  // namespace

QStringList answerShape(const AnyResponse& answer) {
    Shape shape;
    std::visit([&](const auto& body) { describe(shape, body); }, answer);
    return shape.sorted();
}

QStringList shapeDifference(const QStringList& kafka, const QStringList& tideline) {
    // Both are sorted: a merge walk keeps repeated lines apart (a multiset difference).
    QStringList difference;
    qsizetype k = 0;
    qsizetype t = 0;
    while (k < kafka.size() || t < tideline.size()) {
        if (t == tideline.size() || (k < kafka.size() && kafka[k] < tideline[t])) {
            difference << "- " + kafka[k++];
        } else if (k == kafka.size() || tideline[t] < kafka[k]) {
            difference << "+ " + tideline[t++];
        } else {
            ++k;
            ++t;
        }
    }
    return difference;
}

}  // namespace tideline::testing
