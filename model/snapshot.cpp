#include "model/snapshot.h"

namespace tideline::model {

void registerSnapshotMetaTypes() {
    qRegisterMetaType<ClusterSnapshot>();
    qRegisterMetaType<BrokerReachability>();
}

}  // namespace tideline::model
