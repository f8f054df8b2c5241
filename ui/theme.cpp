#include "ui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <optional>

namespace tideline::ui {
namespace {

bool g_dark = false;
// The platform's own palette, captured before the first applyTheme replaces it.
std::optional<QPalette> g_systemPalette;

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x24, 0x27, 0x2e);
    const QColor base(0x1b, 0x1d, 0x22);
    const QColor text(0xe6, 0xe8, 0xeb);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x34, 0x3c));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x90, 0x99));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2e, 0x32, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x7d, 0xd1));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3f, 0x48));
    p.setColor(QPalette::Dark, QColor(0x15, 0x17, 0x1a));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x75, 0x7d));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x75, 0x7d));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x75, 0x7d));
    return p;
}

QPalette lightPalette() {
    QPalette p = QStyleFactory::create("Fusion")->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xc5));
    p.setColor(QPalette::Link, QColor(0x1f, 0x6f, 0xc5));
    return p;
}

}  // namespace

QString themeModeName(ThemeMode mode) {
    switch (mode) {
        case ThemeMode::Light:
            return QStringLiteral("light");
        case ThemeMode::Dark:
            return QStringLiteral("dark");
        case ThemeMode::System:
            break;
    }
    return QStringLiteral("system");
}

ThemeMode themeModeFromName(const QString& name) {
    if (name.compare("light", Qt::CaseInsensitive) == 0) {
        return ThemeMode::Light;
    }
    if (name.compare("dark", Qt::CaseInsensitive) == 0) {
        return ThemeMode::Dark;
    }
    return ThemeMode::System;
}

void applyTheme(ThemeMode mode) {
    if (!g_systemPalette) {
        g_systemPalette = QApplication::palette();
    }
    g_dark = mode == ThemeMode::Dark ||
             (mode == ThemeMode::System && g_systemPalette->color(QPalette::Window).lightness() < 128);
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QApplication::setPalette(g_dark ? darkPalette() : lightPalette());
}

bool darkThemeActive() { return g_dark; }

namespace theme {
QColor healthy() { return g_dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37); }
QColor warning() { return g_dark ? QColor(0xd2, 0x99, 0x22) : QColor(0xbf, 0x87, 0x00); }
QColor danger() { return g_dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e); }
QColor accent() { return g_dark ? QColor(0x4c, 0x9a, 0xff) : QColor(0x1f, 0x6f, 0xc5); }
QColor muted() { return g_dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6e, 0x77, 0x81); }
QColor chipText(const QColor& fill) { return fill.lightness() > 150 ? QColor(0x1b, 0x1f, 0x24) : Qt::white; }
}  // namespace theme

}  // namespace tideline::ui
