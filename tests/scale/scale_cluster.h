// The scale fixture for Qt tests and benchmarks: a real tideline-broker (3 brokers) in a temporary
// data dir, filled after the ScaleLayout, stopped when this object goes.
#pragma once

#include <QString>
#include <QTemporaryDir>

#include "scale_layout.h"
#include "support/broker_process.h"

namespace tideline::testing {

class ScaleCluster {
public:
    explicit ScaleCluster(populate::ScaleLayout layout = {}) : layout_(layout) {}

    // Starts the brokers and fills them; false when that failed, with the reason in error().
    bool start();
    const populate::ScaleLayout& layout() const { return layout_; }
    const populate::PopulateTimes& times() const { return times_; }
    QString bootstrap() const { return broker_.bootstrap(); }
    BrokerProcess& broker() { return broker_; }
    QString error() const { return error_; }

private:
    populate::ScaleLayout layout_;
    populate::PopulateTimes times_;
    QTemporaryDir dataDir_;
    BrokerProcess broker_;
    QString error_;
};

}  // namespace tideline::testing
