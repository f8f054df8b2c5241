// The configuration of one topic or broker, one row per config name: value, default, source,
// read-only, sensitive and a line of documentation. Rows come from a session's DescribeConfigs; a
// refresh of the same resource is diffed (selection and scroll survive), another resource resets.
#pragma once

#include "model/cluster_session.h"
#include "model/models/keyed_table_model.h"
#include "model/operations/operation_types.h"

#include <QPointer>

namespace tideline::model {

struct ConfigRow {
    ConfigEntry entry;
    QString documentation;

    const QString& key() const { return entry.name; }
    bool operator==(const ConfigRow&) const = default;
};

class ConfigModel : public KeyedTableModel<ConfigRow> {
    Q_OBJECT

public:
    enum Columns {
        NameColumn,
        ValueColumn,
        DefaultColumn,
        SourceColumn,
        ReadOnlyColumn,
        SensitiveColumn,
        DocumentationColumn,
        ColumnCount
    };
    Q_ENUM(Columns)
    enum Roles {
        SortRole = Qt::UserRole + 1,
        KeyRole,            // the config name
        RawValueRole,       // the value, invalid when hidden (sensitive) or null
        IsOverrideRole,     // bool: set on this topic or broker rather than inherited
        DocumentationRole,  // the documentation text, whatever the column
    };
    Q_ENUM(Roles)

    explicit ConfigModel(QObject* parent = nullptr);

    // Results come from this session's configsDescribed; null detaches.
    void setSession(ClusterSession* session);
    // Another resource empties the model (a reset); call refresh() to load it.
    void setResource(const ConfigResource& resource);
    ConfigResource resource() const { return resource_; }
    // Asks the session for the resource's configs; only the answer to the latest request is applied.
    quint64 refresh();
    // Applies a description if it answers the latest request for the current resource; else drops it
    // and returns false. Public so that results can be fed without a session.
    bool applyDescription(const ConfigDescription& description);
    // For feeding results without a session: the id whose answer to wait for.
    void expectRequest(quint64 requestId) { pendingRequest_ = requestId; }

    QString error() const { return error_; }
    bool loading() const { return pendingRequest_ != 0; }

    static QList<ConfigRow> rowsFrom(const ConfigDescription& description);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // After every answer and every refused request: empty error on success.
    void loaded(const QString& error);

private:
    QPointer<ClusterSession> session_;
    QMetaObject::Connection connection_;
    ConfigResource resource_;
    quint64 pendingRequest_ = 0;
    QString error_;
};

// A line on what a topic config does, in Tideline's words; empty for configs it does not know.
QString configDocumentation(ConfigResourceType type, const QString& name);

}  // namespace tideline::model
