// tideline-scale-cluster: starts the scale fixture (3 brokers; by default 10,000 topics x 10
// partitions and 1,000 groups), prints its bootstrap servers and keeps it running until stdin closes
// or a line is entered, for trying tools (kcat, the app) against it by hand.
//   tideline-scale-cluster [--topics N] [--groups N]
#include <QCoreApplication>
#include <QStringList>
#include <QThread>
#include <cstdio>
#include <iostream>
#include <string>

#include "scale_cluster.h"

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    tideline::populate::ScaleLayout layout;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--topics") layout.topics = args[i + 1].toInt();
        if (args[i] == "--groups") layout.groups = args[i + 1].toInt();
    }
    layout.topicsWithRecords = std::min(layout.topicsWithRecords, layout.topics);
    tideline::testing::ScaleCluster cluster(layout);
    if (!cluster.start()) {
        std::fprintf(stderr, "tideline-scale-cluster: %s\n", qPrintable(cluster.error()));
        return 1;
    }
    const auto& times = cluster.times();
    std::printf("bootstrap %s\nfilled in %.2f s (topics %.2f s, records %.2f s, commits %.2f s)\n",
                qPrintable(cluster.bootstrap()), times.create_topics_s + times.produce_s + times.commit_s,
                times.create_topics_s, times.produce_s, times.commit_s);
    std::fflush(stdout);
    // The event loop keeps reading the broker's output (a full pipe would stop it); stdin is watched
    // on a thread of its own.
    QThread* input = QThread::create([] {
        std::string line;
        std::getline(std::cin, line);
    });
    QObject::connect(input, &QThread::finished, &app, &QCoreApplication::quit);
    input->start();
    app.exec();
    input->wait();
    delete input;
    return cluster.broker().stop() ? 0 : 1;
}
