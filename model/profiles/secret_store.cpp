#include "model/profiles/secret_store.h"

#include <qt6keychain/keychain.h>

namespace tideline::model {

void InMemorySecretStore::write(const QString& key, const QString& secret, WriteDone done) {
    if (failure_.isEmpty()) {
        entries_.insert(key, secret);
    }
    done(failure_);
}

void InMemorySecretStore::read(const QString& key, ReadDone done) {
    if (!failure_.isEmpty()) {
        done(std::nullopt, failure_);
        return;
    }
    const auto found = entries_.constFind(key);
    done(found == entries_.cend() ? std::nullopt : std::optional<QString>(*found), {});
}

void InMemorySecretStore::remove(const QString& key, WriteDone done) {
    if (failure_.isEmpty()) {
        entries_.remove(key);
    }
    done(failure_);
}

namespace {

QString describe(const QKeychain::Job& job) {
    return QString("The system keychain refused: %1").arg(job.errorString());
}

// Jobs delete themselves once they have reported.
template <typename Job>
Job* newJob(const QString& service, const QString& key) {
    auto* job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

}  // namespace

KeychainSecretStore::KeychainSecretStore(QString service) : service_(std::move(service)) {}

void KeychainSecretStore::write(const QString& key, const QString& secret, WriteDone done) {
    auto* job = newJob<QKeychain::WritePasswordJob>(service_, key);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, [done = std::move(done)](QKeychain::Job* finished) {
        done(finished->error() == QKeychain::NoError ? QString() : describe(*finished));
    });
    job->start();
}

void KeychainSecretStore::read(const QString& key, ReadDone done) {
    auto* job = newJob<QKeychain::ReadPasswordJob>(service_, key);
    QObject::connect(job, &QKeychain::Job::finished, [done = std::move(done)](QKeychain::Job* finished) {
        switch (finished->error()) {
            case QKeychain::NoError:
                done(static_cast<QKeychain::ReadPasswordJob*>(finished)->textData(), {});
                return;
            case QKeychain::EntryNotFound:
                done(std::nullopt, {});
                return;
            default:
                done(std::nullopt, describe(*finished));
        }
    });
    job->start();
}

void KeychainSecretStore::remove(const QString& key, WriteDone done) {
    auto* job = newJob<QKeychain::DeletePasswordJob>(service_, key);
    QObject::connect(job, &QKeychain::Job::finished, [done = std::move(done)](QKeychain::Job* finished) {
        const bool gone =
            finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound;
        done(gone ? QString() : describe(*finished));
    });
    job->start();
}

}  // namespace tideline::model
