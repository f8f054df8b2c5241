// Golden data: every frame that a real Apache Kafka 2.4.0 cluster exchanged with librdkafka,
// kafka-python, KafkaJS and the Java client decodes with no byte left over and re-encodes to the
// very same bytes. The few frames that are malformed on purpose must fail the way Kafka fails them.
#include <QtTest>

#include <map>
#include <tuple>

#include "frame.h"

using namespace tideline::protocol;

namespace {

Bytes from_hex(const QString& hex) {
    const auto raw = QByteArray::fromHex(hex.toLatin1());
    return Bytes(raw.begin(), raw.end());
}

QString hex_of(const Bytes& bytes) {
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()))
        .toHex();
}

// The frame as we would send it: trailing bytes a client added are not ours to reproduce.
Bytes without_trailing(const Bytes& frame, std::size_t trailing) {
    Bytes trimmed(frame.begin(), frame.end() - static_cast<std::ptrdiff_t>(trailing));
    const auto size = static_cast<std::uint32_t>(trimmed.size() - 4);
    for (int i = 0; i < 4; ++i) trimmed[i] = static_cast<std::uint8_t>(size >> (24 - 8 * i));
    return trimmed;
}

struct Counts {
    int requests = 0;
    int responses = 0;
    int expected_failures = 0;
    int trailing = 0;
};

using RequestKey = std::tuple<int, std::int32_t>;  // connection, correlation id

}  // namespace

class TestProtocolGolden : public QObject {
    Q_OBJECT

private:
    Counts counts_;

    void checkFile(const QString& path) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const auto name = QFileInfo(path).fileName();
        std::map<RequestKey, DecodeErrorKind> refused;  // requests Kafka answered only with an error
        int line_number = 0;
        while (!file.atEnd()) {
            ++line_number;
            const auto line = file.readLine().trimmed();
            if (line.isEmpty()) continue;
            const auto json = QJsonDocument::fromJson(line).object();
            const auto frame = from_hex(json["hex"].toString());
            const auto where = QString("%1:%2").arg(name).arg(line_number);
            const auto size = read_frame_size(frame);
            QVERIFY2(size && static_cast<std::size_t>(*size) + 4 == frame.size(),
                     qPrintable(where + " size prefix"));
            const ByteView body = ByteView(frame).subspan(4);
            const RequestKey key{json["conn"].toInt(), json["correlation_id"].toInt()};
            const auto api_key = static_cast<std::int16_t>(json["api_key"].toInt());
            const auto version = static_cast<std::int16_t>(json["api_version"].toInt());

            if (json["dir"].toString() == "request") {
                auto decoded = decode_request(body);
                if (name.startsWith("raw-") && !decoded) {
                    checkHandMade(decoded.error(), api_key, version, where);
                    refused[key] = decoded.error().kind;
                    ++counts_.expected_failures;
                    continue;
                }
                QVERIFY2(decoded, qPrintable(where + ": " +
                                             QString::fromStdString(decoded ? "" : decoded.error().message)));
                const auto& request = decoded.value();
                QCOMPARE(request.header.request_api_key, api_key);
                QCOMPARE(request.header.correlation_id, json["correlation_id"].toInt());
                if (!json["client_id"].isNull())
                    QCOMPARE(QString::fromStdString(request.header.client_id.value_or("")),
                             json["client_id"].toString());
                if (request.trailing_bytes != 0) {
                    // Only librdkafka's known quirk: ListGroups v3 and its admin OffsetFetch v6.
                    QVERIFY2(
                        name == "librdkafka-c-admin-groups.jsonl" && (api_key == 16 || api_key == 9),
                        qPrintable(where +
                                   QString(": %1 unexpected trailing bytes").arg(request.trailing_bytes)));
                    ++counts_.trailing;
                }
                const auto encoded = encode_request(request.header, request.body);
                QVERIFY2(encoded == without_trailing(frame, request.trailing_bytes),
                         qPrintable(where + "\n got " + hex_of(encoded) + "\nwant " + hex_of(frame)));
                ++counts_.requests;
            } else {
                // An ApiVersions request at a version the broker lacks is answered in v0 format.
                const bool downgraded = refused.count(key) && api_key == 18;
                QVERIFY2(!refused.count(key) || downgraded,
                         qPrintable(where + ": Kafka answered a refused request"));
                const auto answered_version = downgraded ? std::int16_t{0} : version;
                auto decoded = decode_response(body, api_key, answered_version);
                QVERIFY2(decoded, qPrintable(where + ": " +
                                             QString::fromStdString(decoded ? "" : decoded.error().message)));
                QCOMPARE(decoded.value().trailing_bytes, 0u);
                QCOMPARE(decoded.value().header.correlation_id, json["correlation_id"].toInt());
                const auto encoded = encode_response(decoded.value().header.correlation_id, api_key,
                                                     answered_version, decoded.value().body);
                QVERIFY2(encoded == frame,
                         qPrintable(where + "\n got " + hex_of(encoded) + "\nwant " + hex_of(frame)));
                if (downgraded) {
                    const auto& answer = std::get<ApiVersionsResponse>(decoded.value().body);
                    QCOMPARE(answer.error_code, std::int16_t{35});  // UNSUPPORTED_VERSION
                    QVERIFY(!answer.api_keys.empty());
                }
                ++counts_.responses;
            }
        }
    }

    void checkHandMade(const DecodeError& error, std::int16_t api_key, std::int16_t version,
                       const QString& where) {
        if (api_key == 99) {
            QVERIFY2(error.kind == DecodeErrorKind::UnknownApiKey, qPrintable(where));
        } else {
            QVERIFY2(error.kind == DecodeErrorKind::UnsupportedVersion, qPrintable(where));
            QCOMPARE(error.api_key, api_key);
            QCOMPARE(error.api_version, version);
        }
    }

private slots:
    void everyCapturedFrame() {
        const QDir dir(TIDELINE_TEST_DATA_DIR "/captures");
        const auto files = dir.entryList({"*.jsonl"}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 76, qPrintable(QString("only %1 capture files").arg(files.size())));
        for (const auto& file : files) {
            checkFile(dir.filePath(file));
            if (QTest::currentTestFailed()) return;
        }
        qInfo(
            "%d requests and %d responses re-encoded byte for byte; %d refused as Kafka refuses them; "
            "%d with a client's trailing bytes",
            counts_.requests, counts_.responses, counts_.expected_failures, counts_.trailing);
        // The captures hold 808 requests and 796 responses; 3 requests are hand-made garbage.
        QCOMPARE(counts_.requests + counts_.expected_failures, 808);
        QCOMPARE(counts_.responses, 796);
        QCOMPARE(counts_.expected_failures, 3);
        QCOMPARE(counts_.trailing, 4);
    }
};

QTEST_GUILESS_MAIN(TestProtocolGolden)
#include "test_protocol_golden.moc"
