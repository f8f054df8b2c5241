// Which Kafka APIs each broker serves, as far as a librdkafka client has learned them. librdkafka
// 2.0.2 keeps each broker's ApiVersions answer to itself; the only place it shows is its "feature"
// debug log, one "ApiKey <name> (<key>) Versions <min>..<max>" line per API. A client whose log
// callback feeds those lines here can ask, before sending a request, whether the broker takes it.
//
// Why this matters: when an admin request cannot be sent because the broker lacks the API,
// librdkafka 2.0.2 does not fail it cleanly but aborts the process with an assertion
// (rd_kafka_enq_once_del_source_return: "eonce->refcnt > 0"; librdkafka issues #3663 and #4605).
// Such a request must never reach librdkafka.
#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <optional>

namespace tideline::model {

struct ApiVersionRange {
    int apiKey = -1;
    int minVersion = 0;
    int maxVersion = -1;

    bool operator==(const ApiVersionRange&) const = default;
};

// One line of librdkafka's APIVERSION debug log, as its log callback receives it.
struct ApiVersionLogLine {
    // "host:port". librdkafka names a broker "host:port/<id>", or "host:port/bootstrap" while its id
    // is unknown; a bootstrap connection keeps its answer when it learns the id, so brokers are known
    // by address.
    QString address;
    bool startsList = false;  // "Broker API support:": a fresh list for this broker follows
    std::optional<ApiVersionRange> range;
};

// Empty for lines that are neither the start of a list nor an API entry.
std::optional<ApiVersionLogLine> parseApiVersionLogLine(const QString& message);

// Thread-safe: librdkafka's broker threads write, the operations thread reads.
class BrokerApiSupport {
public:
    // Facility and message as librdkafka's log callback passes them; other facilities are ignored.
    void noteLog(const char* facility, const char* message);

    // Whether the broker at `address` ("host:port") serves `apiKey` in a version within
    // [minVersion, maxVersion]; empty when this client has not learned its APIs (never connected).
    std::optional<bool> supports(const QString& address, int apiKey, int minVersion, int maxVersion) const;

private:
    mutable QMutex mutex_;
    QHash<QString, QList<ApiVersionRange>> apis_;
};

// The DeleteGroups versions librdkafka 2.0.2 can send (KIP-229).
constexpr int kDeleteGroupsApiKey = 42;
constexpr int kDeleteGroupsMinVersion = 0;
constexpr int kDeleteGroupsMaxVersion = 1;

}  // namespace tideline::model
