#include "model/consumer_protocol.h"

#include <QMap>
#include <QtEndian>
#include <algorithm>

namespace tideline::model {
namespace {

// Bounds-checked big-endian reads: assignment bytes come from the network and from other clients'
// leaders, so any length in them may be a lie.
class Reader {
public:
    explicit Reader(const QByteArray& bytes) : bytes_(bytes) {}

    bool readInt16(qint16* value) { return readBigEndian(value); }
    bool readInt32(qint32* value) { return readBigEndian(value); }

    bool readString(QString* value) {
        qint16 length = 0;
        if (!readInt16(&length) || length < 0 || remaining() < length) {
            return false;
        }
        *value = QString::fromUtf8(bytes_.constData() + offset_, length);
        offset_ += length;
        return true;
    }

    // A count that could not possibly fit in the bytes left is rejected before anything is allocated.
    bool readArrayCount(qint32* count, qsizetype minimumElementSize) {
        if (!readInt32(count)) {
            return false;
        }
        if (*count == -1) {  // a null array
            *count = 0;
            return true;
        }
        return *count >= 0 && static_cast<qint64>(*count) * minimumElementSize <= remaining();
    }

private:
    qsizetype remaining() const { return bytes_.size() - offset_; }

    template <typename T>
    bool readBigEndian(T* value) {
        if (remaining() < static_cast<qsizetype>(sizeof(T))) {
            return false;
        }
        *value = qFromBigEndian<T>(bytes_.constData() + offset_);
        offset_ += sizeof(T);
        return true;
    }

    const QByteArray& bytes_;
    qsizetype offset_ = 0;
};

void appendBigEndian16(QByteArray& out, qint16 value) {
    char buffer[2];
    qToBigEndian(value, buffer);
    out.append(buffer, 2);
}

void appendBigEndian32(QByteArray& out, qint32 value) {
    char buffer[4];
    qToBigEndian(value, buffer);
    out.append(buffer, 4);
}

}  // namespace

std::optional<QList<TopicPartition>> decodeConsumerAssignment(const QByteArray& bytes) {
    if (bytes.isEmpty()) {
        return QList<TopicPartition>{};
    }
    Reader reader(bytes);
    qint16 version = 0;
    qint32 topicCount = 0;
    constexpr qsizetype kSmallestTopicEntry = 2 + 4;  // empty name, empty partition array
    if (!reader.readInt16(&version) || version < 0 ||
        !reader.readArrayCount(&topicCount, kSmallestTopicEntry)) {
        return std::nullopt;
    }
    QList<TopicPartition> assignment;
    for (qint32 t = 0; t < topicCount; ++t) {
        QString topic;
        qint32 partitionCount = 0;
        if (!reader.readString(&topic) || !reader.readArrayCount(&partitionCount, 4)) {
            return std::nullopt;
        }
        for (qint32 p = 0; p < partitionCount; ++p) {
            qint32 partition = 0;
            if (!reader.readInt32(&partition) || partition < 0) {
                return std::nullopt;
            }
            assignment.append({topic, partition});
        }
    }
    // User data and anything a later version appends are not needed for the assignment itself.
    std::sort(assignment.begin(), assignment.end());
    return assignment;
}

QByteArray encodeConsumerAssignment(const QList<TopicPartition>& assignment, qint16 version) {
    QMap<QString, QList<qint32>> byTopic;
    for (const TopicPartition& entry : assignment) {
        byTopic[entry.topic].append(entry.partition);
    }
    QByteArray out;
    appendBigEndian16(out, version);
    appendBigEndian32(out, static_cast<qint32>(byTopic.size()));
    for (auto it = byTopic.cbegin(); it != byTopic.cend(); ++it) {
        const QByteArray name = it.key().toUtf8();
        appendBigEndian16(out, static_cast<qint16>(name.size()));
        out.append(name);
        appendBigEndian32(out, static_cast<qint32>(it->size()));
        for (qint32 partition : *it) {
            appendBigEndian32(out, partition);
        }
    }
    appendBigEndian32(out, -1);  // null user data
    return out;
}

}  // namespace tideline::model
