#include "scale_cluster.h"

#include <QThread>
#include <QtConcurrent>

namespace tideline::testing {

bool ScaleCluster::start() {
    if (!dataDir_.isValid()) {
        error_ = "no temporary data dir: " + dataDir_.errorString();
        return false;
    }
    // Ten thousand "topic created" lines are of no use here; warnings still come through.
    if (!qEnvironmentVariableIsSet("SPDLOG_LEVEL")) qputenv("SPDLOG_LEVEL", "warn");
    if (!broker_.start(3, dataDir_.path())) {
        error_ = "tideline-broker did not start: " + broker_.output();
        return false;
    }
    // Filled from another thread while this one drains the broker's output: a full stderr pipe
    // would stop the broker mid-request.
    const std::string servers = bootstrap().toStdString();
    QFuture<bool> filling = QtConcurrent::run(
        [this, servers]() -> bool { return populate::populate_scale_cluster(servers, layout_, &times_); });
    while (!filling.isFinished()) {
        broker_.output();
        QThread::msleep(20);
    }
    if (!filling.result()) {
        error_ = "filling the cluster failed (see stderr): " + broker_.output().right(2000);
        return false;
    }
    return true;
}

}  // namespace tideline::testing
