// "Load demo workload" for the local dev cluster: creates a few topics, then keeps a producer writing
// to them and a deliberately slow consumer group reading them, so lag, rates and charts move at once.
// Everything runs on a thread of its own ("demo-workload") with its own librdkafka clients; nothing
// here blocks the caller, except the destructor, which stops that thread and waits for it.
#pragma once

#include <QObject>
#include <QStringList>
#include <atomic>
#include <thread>

namespace tideline::model {

struct DemoWorkloadOptions {
    QStringList topics{"demo-orders", "demo-payments", "demo-clicks"};
    int partitions = 3;
    QString group = "demo-slow-readers";
    int producePerSecond = 60;  // over all topics
    int consumePerSecond = 12;  // so the group falls behind by about 48 records a second
};

class DemoWorkload : public QObject {
    Q_OBJECT

public:
    explicit DemoWorkload(QObject* parent = nullptr);
    ~DemoWorkload() override;

    // Returns at once; `started` or `failed` follows. Starting while running changes nothing.
    void start(const QString& bootstrapServers, const DemoWorkloadOptions& options = {});
    // Returns at once; `stopped` follows when the clients are closed. `leaveGroup` false skips the
    // group's orderly leave, which waits for a coordinator: for a cluster that is going away.
    void stop(bool leaveGroup = true);
    bool running() const { return running_; }
    qint64 produced() const { return produced_; }
    qint64 consumed() const { return consumed_; }

signals:
    void started();
    void failed(const QString& error);
    void stopped();

private:
    void run(QString bootstrapServers, DemoWorkloadOptions options);
    void join();

    std::thread thread_;
    std::atomic_bool stopping_ = false;
    std::atomic_bool leaveGroup_ = true;
    std::atomic_bool running_ = false;
    std::atomic<qint64> produced_ = 0;
    std::atomic<qint64> consumed_ = 0;
};

}  // namespace tideline::model
