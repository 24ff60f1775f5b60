// The main window: menus (File: export, View: presentation mode, Help: about) around the pages.
// It lays out and wires; pages and widgets do the work.
#pragma once

#include <QImage>
#include <QMainWindow>

class QAction;
class QTabWidget;

namespace flicker {

class FigurePage;
class NoisePage;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    NoisePage* noisePage() const { return m_noisePage; }
    FigurePage* currentPage() const;

    bool presentationMode() const;
    void setPresentationMode(bool on);

    /// The whole window as shown now, with every figure's pending replot done first.
    QImage grabScreenshot();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void applyPresentationMode(bool on);
    void exportFigure();
    void exportAllFigures();
    void showAbout();

    QTabWidget* m_pages = nullptr;
    NoisePage* m_noisePage = nullptr;
    QAction* m_presentationAction = nullptr;
};

} // namespace flicker
