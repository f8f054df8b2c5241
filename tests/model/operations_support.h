// Helpers for tests of session operations: waiting for the result of one request, and asking a
// tideline-broker which APIs it serves, so that tests of APIs it lacks skip with a reason.
#pragma once

#include <QSet>
#include <QSignalSpy>
#include <QtTest>

#include "mock_cluster_support.h"
#include "model/cluster_session.h"

namespace tideline::model::testing {

constexpr int kOperationWaitMs = 30000;

// The result with `id`; a default one (requestId 0) when none came in time.
template <typename Result>
Result resultFor(QSignalSpy& spy, quint64 id, int timeoutMs = kOperationWaitMs) {
    const Result result = waitForArgument<Result>(
        spy, [id](const Result& r) { return r.requestId == id; }, timeoutMs);
    return result.requestId == id ? result : Result{};
}

// Collects every result signal of a session.
struct OperationSpies {
    explicit OperationSpies(ClusterSession* session)
        : configs(session, &ClusterSession::configsDescribed),
          operations(session, &ClusterSession::operationFinished),
          resets(session, &ClusterSession::offsetResetFinished),
          browses(session, &ClusterSession::recordsBrowsed) {}

    QSignalSpy configs;
    QSignalSpy operations;
    QSignalSpy resets;
    QSignalSpy browses;
};

}  // namespace tideline::model::testing
