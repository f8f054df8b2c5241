// Every generated message, at every version the broker serves (and every version of the headers and
// the __consumer_offsets records), survives encode -> decode -> encode unchanged, with samples that
// fill each field the version carries, null them, empty them, or make arrays long.
#include <QtTest>

#include "frame.h"
#include "samples.h"
#include "supported_versions.h"

using namespace tideline::protocol;

namespace {

struct Style {
    const char* name;
    SampleSpec spec;
};

const Style kStyles[] = {
    {"filled", {3, false, false, 1}},
    {"nulls", {2, true, false, 2}},
    {"empties", {0, false, true, 3}},
    {"large arrays", {1000, false, false, 4}},
};

// Encodes a sample, decodes it into a fresh message, and checks both the value and the bytes.
template <typename Message>
QString round_trip(const Message& original, std::int16_t version) {
    Writer first;
    original.write(first, version);
    Message decoded;
    Reader reader(first.buffer());
    try {
        decoded.read(reader, version);
    } catch (const DecodeFailure& failure) {
        return QString("decode failed: %1").arg(failure.what());
    }
    if (reader.remaining() != 0) return QString("%1 bytes left over").arg(reader.remaining());
    if (!(decoded == original)) return "decoded value differs from the original";
    Writer second;
    decoded.write(second, version);
    if (second.buffer() != first.buffer()) return "re-encoded bytes differ";
    return {};
}

template <typename Message>
int check_all_versions(std::int16_t min, std::int16_t max) {
    int checked = 0;
    for (std::int16_t version = min; version <= max; ++version) {
        for (const auto& style : kStyles) {
            Message message;
            fill_sample(message, version, style.spec);
            const bool flexible =
                Message::kFirstFlexibleVersion >= 0 && version >= Message::kFirstFlexibleVersion;
            if (flexible) message.unknown_tagged_fields.push_back({90, {0xde, 0xad}});
            const auto problem = round_trip(message, version);
            if (!problem.isEmpty())
                qFatal("%s v%d (%s): %s", Message::kName, version, style.name, qPrintable(problem));
            ++checked;
        }
    }
    return checked;
}

}  // namespace

class TestProtocolRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void everySupportedRequestAndResponse() {
        int checked = 0;
        for (const auto& api : supported_apis()) {
            auto request = make_request(api.key);
            auto response = make_response(api.key);
            QVERIFY(request && response);
            std::visit(
                [&](auto& m) {
                    checked +=
                        check_all_versions<std::decay_t<decltype(m)>>(api.min_version, api.max_version);
                },
                *request);
            std::visit(
                [&](auto& m) {
                    checked +=
                        check_all_versions<std::decay_t<decltype(m)>>(api.min_version, api.max_version);
                },
                *response);
        }
        qInfo("%d message/version/style combinations round-tripped", checked);
        QVERIFY(checked > 32 * 2 * 4);
    }

    void headersAndConsumerOffsetsRecords() {
        check_all_versions<RequestHeader>(RequestHeader::kMinVersion, RequestHeader::kMaxVersion);
        check_all_versions<ResponseHeader>(ResponseHeader::kMinVersion, ResponseHeader::kMaxVersion);
        check_all_versions<OffsetCommitKey>(OffsetCommitKey::kMinVersion, OffsetCommitKey::kMaxVersion);
        check_all_versions<OffsetCommitValue>(OffsetCommitValue::kMinVersion, OffsetCommitValue::kMaxVersion);
        check_all_versions<GroupMetadataKey>(GroupMetadataKey::kMinVersion, GroupMetadataKey::kMaxVersion);
        check_all_versions<GroupMetadataValue>(GroupMetadataValue::kMinVersion,
                                               GroupMetadataValue::kMaxVersion);
    }

    void samplesReallyFillFields() {
        // Guards the test itself: a sample that stayed at its defaults would prove nothing.
        MetadataResponse filled;
        fill_sample(filled, 12, kStyles[0].spec);
        QVERIFY(!(filled == MetadataResponse{}));
        QCOMPARE(filled.topics.size(), 3u);
        QVERIFY(filled.topics[0].name.has_value());
        MetadataResponse nulls;
        fill_sample(nulls, 12, kStyles[1].spec);
        QVERIFY(!nulls.topics[0].name.has_value());
        QVERIFY(!nulls.cluster_id.has_value());
    }

    void taggedFieldsAreWrittenOnlyWhenSet() {
        // FetchRequest v12 carries ClusterId as tagged field 0: absent when null, present when set.
        FetchRequest request;
        Writer without;
        request.write(without, 12);
        request.cluster_id = "abc";
        Writer with;
        request.write(with, 12);
        QCOMPARE(with.buffer().size(), without.buffer().size() + 6);  // tag, size, compact "abc"
        FetchRequest decoded;
        Reader reader(with.buffer());
        decoded.read(reader, 12);
        QCOMPARE(decoded.cluster_id.value_or(""), std::string("abc"));
    }

    void unknownTaggedFieldsArePreservedInOrder() {
        ApiVersionsRequest request;
        request.client_software_name = "x";
        request.unknown_tagged_fields = {{7, {1}}, {3, {2, 2}}};
        Writer w;
        request.write(w, 3);
        ApiVersionsRequest decoded;
        Reader reader(w.buffer());
        decoded.read(reader, 3);
        QCOMPARE(decoded.unknown_tagged_fields.size(), 2u);
        QCOMPARE(decoded.unknown_tagged_fields[0].tag, 3u);  // written in ascending tag order
        QCOMPARE(decoded.unknown_tagged_fields[1].data, Bytes{1});
    }

    void valueAVersionCannotCarryIsRefused() {
        // JoinGroupRequest.GroupInstanceId exists from v5 and is not ignorable.
        JoinGroupRequest request;
        request.group_instance_id = "static-1";
        Writer w;
        QVERIFY_THROWS_EXCEPTION(EncodeFailure, request.write(w, 4));
        // A null where the version has no nulls is refused too.
        MetadataRequest metadata;
        metadata.topics = std::nullopt;
        Writer w0;
        QVERIFY_THROWS_EXCEPTION(EncodeFailure, metadata.write(w0, 0));
    }

    void defaultsComeFromTheSchema() {
        FetchRequest fetch;
        QCOMPARE(fetch.max_bytes, 0x7fffffff);
        QCOMPARE(fetch.replica_id, -1);
        QCOMPARE(fetch.session_epoch, -1);
        QVERIFY(!fetch.cluster_id.has_value());
        JoinGroupRequest join;
        QCOMPARE(join.rebalance_timeout_ms, -1);
    }
};

QTEST_GUILESS_MAIN(TestProtocolRoundTrip)
#include "test_protocol_roundtrip.moc"
