// Bad input to the decoders comes back as an error value: truncated frames, lengths that are
// negative or larger than the frame, unknown API keys and versions, and plain garbage.
#include <QtTest>

#include <random>

#include "frame.h"

using namespace tideline::protocol;

namespace {

// A MetadataRequest v4 for one topic, shaped as librdkafka sends it, without the size prefix.
Bytes metadata_v4() {
    const auto raw = QByteArray::fromHex(
        "0003000400000002000772646b61666b610000000100067264"
        "6b2d743101");
    return Bytes(raw.begin(), raw.end());
}

Bytes frame_of(std::int16_t key, std::int16_t version, std::initializer_list<std::uint8_t> body) {
    Writer w;
    w.write_int16(key);
    w.write_int16(version);
    w.write_int32(7);
    w.write_string("bad-input", false);
    for (auto b : body) w.write_int8(static_cast<std::int8_t>(b));
    return w.buffer();
}

}  // namespace

class TestProtocolBadInput : public QObject {
    Q_OBJECT

private slots:
    void theSampleFrameIsValid() {
        const auto frame = metadata_v4();
        auto decoded = decode_request(frame);
        QVERIFY2(decoded, decoded ? "" : decoded.error().message.c_str());
        const auto& metadata = std::get<MetadataRequest>(decoded.value().body);
        QCOMPARE(metadata.topics->at(0).name.value_or(""), std::string("rdk-t1"));
        QCOMPARE(decoded.value().trailing_bytes, 0u);
    }

    void everyTruncationIsAnError() {
        const auto frame = metadata_v4();
        for (std::size_t length = 0; length < frame.size(); ++length) {
            auto decoded = decode_request(ByteView(frame).first(length));
            QVERIFY2(!decoded, qPrintable(QString("decoded a frame cut at %1 bytes").arg(length)));
            QCOMPARE(decoded.error().kind, DecodeErrorKind::Malformed);
        }
    }

    void lengthsBeyondTheFrameAreErrors() {
        // Metadata v4 body: topics array count, then allow_auto_topic_creation.
        const auto huge_array = frame_of(3, 4, {0x7f, 0xff, 0xff, 0xff, 0x01});
        auto decoded = decode_request(huge_array);
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().message.find("exceeds") != std::string::npos,
                 decoded.error().message.c_str());

        const auto negative_array = frame_of(3, 4, {0xff, 0xff, 0xff, 0xfe, 0x01});
        QVERIFY(!decode_request(negative_array));

        // A topic name claiming 0x7fff bytes when 2 remain.
        const auto long_string = frame_of(3, 4, {0, 0, 0, 1, 0x7f, 0xff, 'a', 'b'});
        QVERIFY(!decode_request(long_string));

        // Null where the schema allows none: the topic name of Metadata v4.
        const auto null_name = frame_of(3, 4, {0, 0, 0, 1, 0xff, 0xff, 0x01});
        QVERIFY(!decode_request(null_name));
    }

    void overlongVarintsAreErrors() {
        // Metadata v9 is flexible: its topic array length is a compact (varint) length.
        Writer w;
        w.write_int16(3);
        w.write_int16(9);
        w.write_int32(1);
        w.write_string("c", false);
        w.write_int8(0);  // header tagged fields
        for (int i = 0; i < 6; ++i) w.write_int8(static_cast<std::int8_t>(0xff));
        QVERIFY(!decode_request(w.buffer()));
    }

    void unknownKeysAndVersionsKeepTheHeader() {
        auto unknown = decode_request(frame_of(99, 0, {}));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, DecodeErrorKind::UnknownApiKey);
        QCOMPARE(unknown.error().correlation_id, 7);

        auto too_new = decode_request(frame_of(18, 9, {}));
        QVERIFY(!too_new);
        QCOMPARE(too_new.error().kind, DecodeErrorKind::UnsupportedVersion);
        QCOMPARE(too_new.error().api_key, std::int16_t{18});
        QCOMPARE(too_new.error().api_version, std::int16_t{9});

        auto too_old = decode_request(frame_of(0, 2, {}));  // Produce below v3
        QVERIFY(!too_old);
        QCOMPARE(too_old.error().kind, DecodeErrorKind::UnsupportedVersion);
    }

    void frameSizePrefix() {
        const Bytes negative{0xff, 0xff, 0xff, 0xff};
        QVERIFY(!read_frame_size(negative));
        const Bytes too_big{0x7f, 0, 0, 0};
        QVERIFY(!read_frame_size(too_big));
        const Bytes fine{0, 0, 0, 42};
        QCOMPARE(read_frame_size(fine).value_or(-1), 42);
        QVERIFY(!read_frame_size(ByteView(fine).first(3)));
    }

    void garbageNeverEscapes() {
        // Random bodies behind every known key and version: whatever happens, it is a value.
        std::mt19937 random(20261129);
        int decoded_ok = 0;
        for (const auto& schema : api_schemas()) {
            for (auto version = schema.min_version; version <= schema.max_version; ++version) {
                for (int round = 0; round < 40; ++round) {
                    Bytes frame = frame_of(schema.key, version, {});
                    const auto length = random() % 64;
                    for (unsigned i = 0; i < length; ++i)
                        frame.push_back(static_cast<std::uint8_t>(random()));
                    auto result = decode_request(frame);
                    if (result) ++decoded_ok;
                    auto response = decode_response(ByteView(frame).subspan(8), schema.key, version);
                    if (response) ++decoded_ok;
                }
            }
        }
        qInfo("%d random frames happened to decode", decoded_ok);
    }
};

QTEST_GUILESS_MAIN(TestProtocolBadInput)
#include "test_protocol_bad_input.moc"
