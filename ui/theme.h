// Light and dark palettes on the Fusion style. Qt 6.4 has no colour-scheme API, so "follow the
// system" means: read the palette the platform gave us before we replace it, and pick from its
// window colour. Status colours come from here so that chips, badges and charts stay readable on both.
#pragma once

#include <QColor>
#include <QString>

namespace tideline::ui {

enum class ThemeMode { System, Light, Dark };

QString themeModeName(ThemeMode mode);
ThemeMode themeModeFromName(const QString& name);  // unknown names mean System

// Call once after QApplication exists; later calls switch the theme of every open window.
void applyTheme(ThemeMode mode);
bool darkThemeActive();

// Semantic colours for the current theme.
namespace theme {
QColor healthy();
QColor warning();
QColor danger();
QColor accent();
QColor muted();
QColor chipText(const QColor& fill);
}  // namespace theme

}  // namespace tideline::ui
