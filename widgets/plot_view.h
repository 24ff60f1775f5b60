// A figure: a QCustomPlot in Flicker's light theme with a presentation mode (large fonts), export
// to PNG / SVG / PDF carrying a provenance text, and a right-click menu for export and copying.
// The figure opens no dialog: its menu asks the app for an export (exportRequested), and the app
// chooses the file and calls exportTo.
#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace flicker {

class PlotView : public QWidget {
    Q_OBJECT

public:
    /// Figures are laid out at this resolution: one layout pixel is 1/96 inch.
    static constexpr double kLayoutDpi = 96.0;

    explicit PlotView(QWidget* parent = nullptr);
    ~PlotView() override;

    QCustomPlot* plot() const { return m_plot; }

    /// A heading drawn above the axes (and exported with the figure); empty removes it.
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    /// A line of text under the title, above the axes (results such as fitted exponents), so
    /// that it never hides data; breaks into two lines when too wide. Empty removes it.
    void setSubtitle(const QString& text);
    QString subtitle() const { return m_subtitle; }

    /// File name stem proposed by the export dialogs and used by "export all", e.g.
    /// "noise-spectrum".
    void setFigureName(const QString& name) { m_figureName = name; }
    QString figureName() const { return m_figureName; }

    /// Where the figure came from (program version, settings, seed): written into every exported
    /// file — PNG text chunk "Description", SVG <desc>, PDF title.
    void setProvenance(const QString& text) { m_provenance = text; }
    QString provenance() const { return m_provenance; }

    /// Large fonts and thicker lines for a projector.
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presentation; }
    /// Dark background with light ink (data colours stay); exports use the same theme.
    void setDarkTheme(bool on);
    bool darkTheme() const { return m_dark; }
    /// Exported figures (PNG, SVG, PDF) get the provenance as a small caption under the axes.
    void setCaptionInExports(bool on) { m_caption = on; }
    bool captionInExports() const { return m_caption; }

    /// The numbers behind the figure as CSV (header row, then one row per point; '.' decimals).
    /// The base has none and returns an empty string; every figure class overrides it.
    virtual QString dataCsv() const { return {}; }
    /// Writes dataCsv() preceded by comment lines "# <provenance>"; false with a message when
    /// the figure has no data or the file cannot be written (the old file then stays).
    bool exportCsv(const QString& path, QString* error = nullptr) const;

    /// Size of exported figures in layout pixels (1/96 inch); PNG multiplies it by dpi/96.
    void setExportSize(QSize layoutPixels) { m_exportSize = layoutPixels; }
    QSize exportSize() const { return m_exportSize; }
    /// Resolution of exported PNGs and of the clipboard copy (96 = screen size, 192 = sharp).
    void setExportDpi(int dpi) { m_exportDpi = dpi; }
    int exportDpi() const { return m_exportDpi; }

    /// The figure rendered into an image of exactly `pixelSize` pixels at `dpi` (fonts and lines
    /// are scaled by dpi/96); the image carries the provenance as text "Description".
    QImage renderImage(QSize pixelSize, int dpi) const;

    /// Each writes the whole file or nothing (the old file stays) and returns false with a
    /// message for a person in `error` when the file cannot be written.
    bool exportPng(const QString& path, QSize pixelSize, int dpi, QString* error = nullptr) const;
    bool exportSvg(const QString& path, QString* error = nullptr) const;
    bool exportPdf(const QString& path, QString* error = nullptr) const;
    /// Picks the format from the suffix (.png, .svg, .pdf, .csv; any case). PNG: exportSize() at
    /// exportDpi(). An unknown suffix is an error, not a guess.
    bool exportTo(const QString& path, QString* error = nullptr) const;
    /// The figure formats ("export all" writes these plus the CSV of the data).
    static QStringList supportedSuffixes() { return {"png", "svg", "pdf"}; }

    /// Puts a sharp image of the figure at its on-screen size on the clipboard.
    void copyToClipboard() const;

    /// Coalesced replot (QCustomPlot's queued replot): call after changing data.
    void requestReplot();
    /// Replots now; for screenshots that must not wait for the event loop.
    void replotNow();

signals:
    /// The right-click menu's "Export as …": the app asks for a file name and calls exportTo.
    /// `format` is the suffix proposed: "png", "svg", "pdf" or "csv". The menu offers export only
    /// when something is connected here.
    void exportRequested(const QString& format);

protected:
    /// Applies theme and fonts of the current mode. Subclasses restyle their own items (graphs,
    /// annotations) after calling the base, and call applyStyle() at the end of their constructor.
    virtual void applyStyle();
    void resizeEvent(QResizeEvent* event) override;

private:
    void showContextMenu(const QPoint& position);
    bool writeExport(const QString& path, const QByteArray& bytes, QString* error) const;
    /// Adds the caption row under the axes for the duration of an export (when enabled).
    void addCaption() const;
    void removeCaption() const;
    void restoreLayout() const;
    void rebuildHeader();
    void styleHeader();
    void fitSubtitle() const;
    void fitSubtitleTo(int plotWidth) const;

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_titleElement = nullptr;
    QCPTextElement* m_subtitleElement = nullptr;
    QString m_title;
    QString m_subtitle;
    QString m_figureName = QStringLiteral("figure");
    QString m_provenance;
    bool m_presentation = false;
    bool m_dark = false;
    bool m_caption = false;
    mutable QCPTextElement* m_captionElement = nullptr;
    QSize m_exportSize{800, 500};
    int m_exportDpi = 192;
};

} // namespace flicker
