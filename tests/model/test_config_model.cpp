// ConfigModel under QAbstractItemModelTester: rows from DescribeConfigs results, diffed refreshes,
// stale answers dropped by request id, another resource resetting the rows.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "model/models/config_model.h"

using namespace tideline::model;

namespace {

ConfigEntry entry(const QString& name, std::optional<QString> value, ConfigSource source,
                  std::optional<QString> defaultValue = std::nullopt) {
    ConfigEntry e;
    e.name = name;
    e.hasValue = value.has_value();
    e.value = value.value_or(QString());
    e.source = source;
    e.isDefault = source == ConfigSource::Default;
    e.hasDefault = defaultValue.has_value();
    e.defaultValue = defaultValue.value_or(QString());
    return e;
}

ConfigDescription ordersConfigs(quint64 requestId, const QString& retention = "604800000") {
    ConfigDescription description;
    description.requestId = requestId;
    description.resource = {ConfigResourceType::Topic, "orders"};
    description.entries = {
        entry("cleanup.policy", "delete", ConfigSource::Default, "delete"),
        entry("min.insync.replicas", "2", ConfigSource::TopicOverride, "1"),
        entry("retention.ms", retention, ConfigSource::StaticBrokerConfig, "604800000"),
    };
    ConfigEntry secret = entry("sasl.jaas.config", std::nullopt, ConfigSource::TopicOverride);
    secret.sensitive = true;
    secret.readOnly = true;
    description.entries.append(secret);
    return description;
}

QVariant cell(const ConfigModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.data(model.index(row, column), role);
}

}  // namespace

class TestConfigModel : public QObject {
    Q_OBJECT

private slots:
    void showsValuesDefaultsSourcesAndDocumentation() {
        ConfigModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResource({ConfigResourceType::Topic, "orders"});
        model.expectRequest(7);
        QSignalSpy loaded(&model, &ConfigModel::loaded);
        QVERIFY(model.applyDescription(ordersConfigs(7)));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toString(), QString());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(ConfigModel::ColumnCount));

        QCOMPARE(cell(model, 1, ConfigModel::NameColumn).toString(), QString("min.insync.replicas"));
        QCOMPARE(cell(model, 1, ConfigModel::ValueColumn).toString(), QString("2"));
        QCOMPARE(cell(model, 1, ConfigModel::DefaultColumn).toString(), QString("1"));
        QCOMPARE(cell(model, 1, ConfigModel::SourceColumn).toString(), QString("topic override"));
        QVERIFY(cell(model, 1, 0, ConfigModel::IsOverrideRole).toBool());
        QVERIFY(!cell(model, 0, 0, ConfigModel::IsOverrideRole).toBool());
        QVERIFY(cell(model, 1, ConfigModel::DocumentationColumn).toString().contains("acks=all"));
        QCOMPARE(cell(model, 2, ConfigModel::SourceColumn).toString(), QString("server.properties"));

        // Sensitive: the cluster sends no value; the model says it is hidden, raw value is invalid.
        QCOMPARE(cell(model, 3, ConfigModel::ValueColumn).toString(), QString("(hidden)"));
        QVERIFY(!cell(model, 3, ConfigModel::ValueColumn, ConfigModel::RawValueRole).isValid());
        QCOMPARE(cell(model, 3, ConfigModel::SensitiveColumn).toString(), QString("yes"));
        QCOMPARE(cell(model, 3, ConfigModel::ReadOnlyColumn, ConfigModel::RawValueRole).toBool(), true);
        QCOMPARE(model.headerData(ConfigModel::DefaultColumn, Qt::Horizontal).toString(), QString("Default"));
    }

    void refreshOfTheSameResourceChangesOnlyWhatChanged() {
        ConfigModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResource({ConfigResourceType::Topic, "orders"});
        model.expectRequest(1);
        QVERIFY(model.applyDescription(ordersConfigs(1)));
        const QPersistentModelIndex retention = model.index(2, ConfigModel::ValueColumn);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        ConfigDescription next = ordersConfigs(2, "3600000");
        next.entries.removeAt(0);  // cleanup.policy gone
        model.expectRequest(2);
        QVERIFY(model.applyDescription(next));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);  // retention.ms, now at row 1
        QVERIFY(retention.isValid());
        QCOMPARE(retention.row(), 1);
        QCOMPARE(retention.data().toString(), QString("3600000"));
    }

    void dropsStaleAnswersAndAnswersForAnotherResource() {
        ConfigModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResource({ConfigResourceType::Topic, "orders"});
        model.expectRequest(5);
        QVERIFY(!model.applyDescription(ordersConfigs(4)));  // superseded by request 5
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.loading());

        model.setResource({ConfigResourceType::Broker, "1"});
        QVERIFY(!model.loading());
        QVERIFY(!model.applyDescription(ordersConfigs(5)));  // answers the resource before
        QCOMPARE(model.rowCount(), 0);

        ConfigDescription broker;
        broker.requestId = 6;
        broker.resource = {ConfigResourceType::Broker, "1"};
        broker.entries = {entry("log.retention.hours", "168", ConfigSource::StaticBrokerConfig)};
        model.expectRequest(6);
        QVERIFY(model.applyDescription(broker));
        QCOMPARE(model.rowCount(), 1);
        // Broker configs carry no topic documentation.
        QCOMPARE(cell(model, 0, ConfigModel::DocumentationColumn).toString(), QString());
        QVERIFY(!model.applyDescription(broker));  // answered already
    }

    void anErrorKeepsTheRowsAndIsReported() {
        ConfigModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResource({ConfigResourceType::Topic, "orders"});
        model.expectRequest(1);
        QVERIFY(model.applyDescription(ordersConfigs(1)));
        ConfigDescription failed;
        failed.requestId = 2;
        failed.resource = {ConfigResourceType::Topic, "orders"};
        failed.error = "Broker: Topic authorization failed";
        QSignalSpy loaded(&model, &ConfigModel::loaded);
        model.expectRequest(2);
        QVERIFY(model.applyDescription(failed));
        QCOMPARE(loaded.at(0).at(0).toString(), failed.error);
        QCOMPARE(model.error(), failed.error);
        QCOMPARE(model.rowCount(), 4);
    }

    void refreshWithoutSessionReportsIt() {
        ConfigModel model;
        QSignalSpy loaded(&model, &ConfigModel::loaded);
        QCOMPARE(model.refresh(), quint64(0));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!model.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConfigModel)
#include "test_config_model.moc"
