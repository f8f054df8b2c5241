#include "ui/dialogs/connection_dialog.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "model/librdkafka_session.h"
#include "ui/theme.h"

namespace tideline::ui {
namespace {

using model::SecurityProtocol;

const QList<SecurityProtocol> kProtocols = {SecurityProtocol::Plaintext, SecurityProtocol::Ssl,
                                            SecurityProtocol::SaslPlaintext, SecurityProtocol::SaslSsl};

QString swatchStyle(const QString& colour) {
    return QString("QPushButton { background: %1; min-width: 48px; border: 1px solid palette(mid); }")
        .arg(colour);
}

}  // namespace

ConnectionDialog::ConnectionDialog(const model::ConnectionProfile& profile,
                                   const model::SessionSecrets& secrets, QStringList takenNames,
                                   QWidget* parent)
    : QDialog(parent),
      takenNames_(std::move(takenNames)),
      name_(new QLineEdit(profile.name, this)),
      servers_(new QLineEdit(profile.bootstrapServers, this)),
      protocol_(new QComboBox(this)),
      mechanism_(new QComboBox(this)),
      user_(new QLineEdit(profile.saslUser, this)),
      password_(new QLineEdit(secrets.saslPassword, this)),
      caPath_(new QLineEdit(profile.caPath, this)),
      certPath_(new QLineEdit(profile.certPath, this)),
      keyPath_(new QLineEdit(profile.keyPath, this)),
      keyPassword_(new QLineEdit(secrets.sslKeyPassword, this)),
      extra_(new QPlainTextEdit(this)),
      readOnly_(new QCheckBox(tr("Read-only: offer nothing that changes the cluster"), this)),
      colour_(new QPushButton(this)),
      colourName_(profile.colour.isEmpty() ? QStringLiteral("#5b7fd6") : profile.colour),
      problem_(new QLabel(this)),
      result_(new QLabel(this)),
      test_(new QPushButton(tr("&Test connection"), this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(profile.name.isEmpty() ? tr("New connection") : tr("Edit connection"));
    setObjectName("connectionDialog");
    name_->setObjectName("profileName");
    servers_->setObjectName("bootstrapServers");
    servers_->setPlaceholderText("broker1:9092,broker2:9092");
    servers_->setToolTip(
        tr("Bootstrap servers: any few brokers of the cluster; the client learns the rest from them"));
    for (SecurityProtocol protocol : kProtocols) {
        protocol_->addItem(model::securityProtocolName(protocol));
    }
    protocol_->setCurrentIndex(int(kProtocols.indexOf(profile.securityProtocol)));
    protocol_->setToolTip(
        tr("security.protocol: plain or TLS-encrypted, with or without SASL authentication"));
    mechanism_->setEditable(true);
    mechanism_->addItems({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI"});
    mechanism_->setCurrentText(profile.saslMechanism.isEmpty() ? QStringLiteral("PLAIN")
                                                               : profile.saslMechanism);
    password_->setEchoMode(QLineEdit::Password);
    password_->setToolTip(tr("Kept in the system keychain, never in the settings file"));
    keyPassword_->setEchoMode(QLineEdit::Password);
    caPath_->setPlaceholderText(tr("CA certificate (PEM), empty for the system's"));
    certPath_->setPlaceholderText(tr("client certificate (PEM), for mutual TLS"));
    keyPath_->setPlaceholderText(tr("client key (PEM)"));
    QStringList extraLines;
    for (auto it = profile.extraProperties.cbegin(); it != profile.extraProperties.cend(); ++it) {
        extraLines << it.key() + '=' + it.value();
    }
    for (auto it = secrets.secretProperties.cbegin(); it != secrets.secretProperties.cend(); ++it) {
        extraLines << it.key() + '=' + it.value();
    }
    extra_->setObjectName("extraProperties");
    extra_->setPlainText(extraLines.join('\n'));
    extra_->setPlaceholderText(tr("Further librdkafka properties, one per line, e.g.\nclient.id=tideline"));
    extra_->setTabChangesFocus(true);
    extra_->setFixedHeight(70);
    readOnly_->setObjectName("readOnly");
    readOnly_->setChecked(profile.readOnly);
    readOnly_->setToolTip(tr("For production clusters: no create, delete, purge, reset or produce"));
    colour_->setObjectName("profileColour");
    colour_->setToolTip(tr("A colour to tell environments apart at a glance"));
    colour_->setStyleSheet(swatchStyle(colourName_));
    problem_->setObjectName("connectionProblem");
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QString("color: %1").arg(theme::danger().name()));
    result_->setObjectName("testResult");
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    test_->setObjectName("testConnection");
    buttons_->addButton(test_, QDialogButtonBox::ActionRole);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Bootstrap servers:"), servers_);
    form->addRow(tr("&Security protocol:"), protocol_);
    form->addRow(tr("SASL &mechanism:"), mechanism_);
    form->addRow(tr("SASL &user:"), user_);
    form->addRow(tr("SASL &password:"), password_);
    form->addRow(tr("CA file:"), caPath_);
    form->addRow(tr("Certificate file:"), certPath_);
    form->addRow(tr("Key file:"), keyPath_);
    form->addRow(tr("Key password:"), keyPassword_);
    form->addRow(tr("E&xtra properties:"), extra_);
    form->addRow(tr("&Colour:"), colour_);
    form->addRow(QString(), readOnly_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(problem_);
    layout->addWidget(result_);
    layout->addWidget(buttons_);
    resize(520, sizeHint().height());

    for (QLineEdit* edit : {name_, servers_, user_, password_, caPath_, certPath_, keyPath_, keyPassword_}) {
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    }
    connect(protocol_, &QComboBox::currentIndexChanged, this, &ConnectionDialog::validate);
    connect(mechanism_, &QComboBox::currentTextChanged, this, &ConnectionDialog::validate);
    connect(extra_, &QPlainTextEdit::textChanged, this, &ConnectionDialog::validate);
    connect(colour_, &QPushButton::clicked, this, &ConnectionDialog::chooseColour);
    connect(test_, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

ConnectionDialog::~ConnectionDialog() {
    if (testSession_ != nullptr) {
        testSession_->stop();
    }
}

QPushButton* ConnectionDialog::okButton() const { return buttons_->button(QDialogButtonBox::Ok); }

QString ConnectionDialog::testResult() const { return result_->text(); }

QMap<QString, QString> ConnectionDialog::extraProperties(QString* error) const {
    QMap<QString, QString> properties;
    const QStringList lines = extra_->toPlainText().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#')) {
            continue;
        }
        const qsizetype equals = line.indexOf('=');
        if (equals <= 0) {
            *error = tr("Extra properties, line %1: write name=value.").arg(i + 1);
            return {};
        }
        properties.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return properties;
}

model::ConnectionProfile ConnectionDialog::profile() const {
    model::ConnectionProfile profile;
    profile.name = name_->text().trimmed();
    profile.bootstrapServers = servers_->text().trimmed();
    profile.securityProtocol = kProtocols.value(protocol_->currentIndex(), SecurityProtocol::Plaintext);
    if (model::usesSasl(profile.securityProtocol)) {
        profile.saslMechanism = mechanism_->currentText().trimmed();
        profile.saslUser = user_->text();
    }
    profile.caPath = caPath_->text().trimmed();
    profile.certPath = certPath_->text().trimmed();
    profile.keyPath = keyPath_->text().trimmed();
    QString ignored;
    const QMap<QString, QString> extra = extraProperties(&ignored);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (!model::isSecretProperty(it.key())) {
            profile.extraProperties.insert(it.key(), it.value());
        }
    }
    profile.readOnly = readOnly_->isChecked();
    profile.colour = colourName_;
    return profile;
}

model::SessionSecrets ConnectionDialog::secrets() const {
    model::SessionSecrets secrets;
    if (model::usesSasl(profile().securityProtocol)) {
        secrets.saslPassword = password_->text();
    }
    secrets.sslKeyPassword = keyPassword_->text();
    QString ignored;
    const QMap<QString, QString> extra = extraProperties(&ignored);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (model::isSecretProperty(it.key())) {
            secrets.secretProperties.insert(it.key(), it.value());
        }
    }
    return secrets;
}

void ConnectionDialog::validate() {
    const bool sasl = model::usesSasl(kProtocols.value(protocol_->currentIndex()));
    mechanism_->setEnabled(sasl);
    user_->setEnabled(sasl);
    password_->setEnabled(sasl);
    QString error;
    extraProperties(&error);
    if (error.isEmpty()) {
        error = model::validateConnectionProfile(profile());
    }
    if (error.isEmpty() && takenNames_.contains(profile().name)) {
        error = tr("Another connection is named %1 already.").arg(profile().name);
    }
    validationError_ = error;
    problem_->setText(error);
    okButton()->setEnabled(error.isEmpty());
    // The name plays no part in a test, so only the rest must be valid.
    test_->setEnabled(testSession_ == nullptr &&
                      model::validateBootstrapServers(profile().bootstrapServers).isEmpty());
}

void ConnectionDialog::chooseColour() {
    const QColor chosen = QColorDialog::getColor(QColor(colourName_), this, tr("Connection colour"));
    if (chosen.isValid()) {
        colourName_ = chosen.name();
        colour_->setStyleSheet(swatchStyle(colourName_));
    }
}

void ConnectionDialog::testConnection() {
    model::ConnectionProfile tested = profile();
    if (tested.name.isEmpty()) {
        tested.name = QStringLiteral("connection test");
    }
    model::SessionOptions options;
    options.requestTimeout = testTimeout_;
    options.firstRetryDelay = testTimeout_;
    testSession_ = new model::LibrdkafkaSession(tested, secrets(), options, this);
    connect(testSession_, &model::ClusterSession::snapshotReady, this,
            [this](const model::ClusterSnapshot& s) {
                finishTest(tr("Connected: cluster %1, brokers: %2, controller: %3, topics: %4.")
                               .arg(s.clusterId.isEmpty() ? tr("(no id)") : s.clusterId)
                               .arg(s.brokers.size())
                               .arg(s.controllerId)
                               .arg(s.topics.size()),
                           false);
            });
    connect(testSession_, &model::ClusterSession::stateChanged, this,
            [this](const model::SessionState& state) {
                if (state.status == model::SessionStatus::Error) {
                    finishTest(tr("Failed: %1").arg(state.message), true);
                }
            });
    result_->setStyleSheet({});
    result_->setText(tr("Connecting to %1…").arg(tested.bootstrapServers));
    validate();
    testSession_->start();
}

void ConnectionDialog::finishTest(const QString& text, bool error) {
    if (testSession_ == nullptr) {
        return;
    }
    // Stopped first, so its thread is already leaving when the delete waits for it.
    testSession_->stop();
    disconnect(testSession_, nullptr, this, nullptr);
    testSession_->deleteLater();
    testSession_ = nullptr;
    result_->setStyleSheet(error ? QString("color: %1").arg(theme::danger().name())
                                 : QString("color: %1").arg(theme::healthy().name()));
    result_->setText(text);
    validate();
}

}  // namespace tideline::ui
