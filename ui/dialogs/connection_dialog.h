// Edits a connection profile: name, bootstrap servers, security protocol, SASL mechanism, user and
// password, TLS files, extra librdkafka properties, read-only flag and colour. Problems show inline
// while typing and keep OK disabled; "Test connection" connects with what is entered, off the GUI
// thread, and shows the cluster's answer (id, brokers, topics) or its error.
#pragma once

#include <QDialog>
#include <QStringList>

#include "model/connection_profile.h"
#include "model/session_options.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace tideline::model {
class LibrdkafkaSession;
}

namespace tideline::ui {

class ConnectionDialog : public QDialog {
    Q_OBJECT

public:
    // `takenNames`: names of other saved profiles, which this one may not take.
    ConnectionDialog(const model::ConnectionProfile& profile, const model::SessionSecrets& secrets,
                     QStringList takenNames, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    model::ConnectionProfile profile() const;
    model::SessionSecrets secrets() const;
    QString validationError() const { return validationError_; }
    QString testResult() const;

    QLineEdit* nameEdit() const { return name_; }
    QLineEdit* serversEdit() const { return servers_; }
    QComboBox* protocolBox() const { return protocol_; }
    QLineEdit* userEdit() const { return user_; }
    QLineEdit* passwordEdit() const { return password_; }
    QPlainTextEdit* extraEdit() const { return extra_; }
    QCheckBox* readOnlyBox() const { return readOnly_; }
    QPushButton* okButton() const;
    QPushButton* testButton() const { return test_; }

    // For tests: a short bound so an unreachable cluster answers quickly.
    void setTestTimeout(std::chrono::milliseconds timeout) { testTimeout_ = timeout; }

private:
    void validate();
    void testConnection();
    void finishTest(const QString& text, bool error);
    void chooseColour();
    QMap<QString, QString> extraProperties(QString* error) const;

    QStringList takenNames_;
    QLineEdit* name_;
    QLineEdit* servers_;
    QComboBox* protocol_;
    QComboBox* mechanism_;
    QLineEdit* user_;
    QLineEdit* password_;
    QLineEdit* caPath_;
    QLineEdit* certPath_;
    QLineEdit* keyPath_;
    QLineEdit* keyPassword_;
    QPlainTextEdit* extra_;
    QCheckBox* readOnly_;
    QPushButton* colour_;
    QString colourName_;
    QLabel* problem_;
    QLabel* result_;
    QPushButton* test_;
    QDialogButtonBox* buttons_;
    QString validationError_;
    model::SessionSecrets secretProperties_;  // secret extra properties of the profile as loaded
    model::LibrdkafkaSession* testSession_ = nullptr;
    std::chrono::milliseconds testTimeout_{8000};
};

}  // namespace tideline::ui
