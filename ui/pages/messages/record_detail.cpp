#include "ui/pages/messages/record_detail.h"

#include <QFontDatabase>
#include <QPlainTextEdit>

#include "model/operations/record_format.h"
#include "ui/pages/messages/records_model.h"

namespace tideline::ui {
namespace {

QPlainTextEdit* makeView(QWidget* parent, const QString& name) {
    auto* view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    return view;
}

QString described(const std::optional<QByteArray>& bytes) {
    const model::DecodedPayload decoded = model::decodePayload(bytes);
    const QString note = decoded.truncated ? QObject::tr(" (cut short)") : QString();
    if (decoded.format == model::PayloadFormat::Null || decoded.format == model::PayloadFormat::Empty) {
        return model::payloadFormatName(decoded.format);
    }
    return QString("[%1, %2 bytes%3]\n%4")
        .arg(model::payloadFormatName(decoded.format))
        .arg(bytes->size())
        .arg(note, decoded.text);
}

// Offset, sixteen bytes in hex, and the same bytes as printable ASCII, as hex dump tools show them.
QString hexDump(const QByteArray& bytes) {
    QString out;
    for (qsizetype row = 0; row < bytes.size(); row += 16) {
        const QByteArray chunk = bytes.mid(row, 16);
        QString ascii;
        for (const char c : chunk) {
            ascii += (c >= 0x20 && c < 0x7f) ? QChar(c) : QChar('.');
        }
        out += QString("%1  %2  %3\n")
                   .arg(row, 8, 16, QChar('0'))
                   .arg(QString::fromLatin1(chunk.toHex(' ')), -47)
                   .arg(ascii);
    }
    return out;
}

}  // namespace

RecordDetail::RecordDetail(QWidget* parent)
    : QTabWidget(parent),
      value_(makeView(this, "recordValue")),
      key_(makeView(this, "recordKey")),
      hex_(makeView(this, "recordHex")),
      headers_(makeView(this, "recordHeaders")) {
    setObjectName("recordDetail");
    addTab(value_, tr("Value"));
    addTab(key_, tr("Key"));
    addTab(hex_, tr("Hex"));
    addTab(headers_, tr("Headers"));
    setTabToolTip(2, tr("The value's raw bytes"));
    showRecord(nullptr);
}

void RecordDetail::showRecord(const model::BrowsedRecord* record) {
    if (record == nullptr) {
        value_->setPlainText(tr("Select a record to see it in full."));
        key_->clear();
        hex_->clear();
        headers_->clear();
        return;
    }
    value_->setPlainText(described(record->value));
    key_->setPlainText(described(record->key));
    hex_->setPlainText(record->value ? hexDump(*record->value) : tr("null"));
    QStringList headers;
    for (const model::RecordHeader& header : record->headers) {
        headers << header.key + ": " + model::decodePayload(header.value).text;
    }
    headers_->setPlainText(headers.isEmpty() ? tr("No headers") : headers.join('\n'));
}

QString RecordDetail::valueText() const { return value_->toPlainText(); }

QString RecordDetail::hexText() const { return hex_->toPlainText(); }

}  // namespace tideline::ui
