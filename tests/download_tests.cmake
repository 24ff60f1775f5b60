# Downloading the IMDb data set: checking and unpacking the archive (core), the downloader and
# its dialog against a local HTTP server (app; never the internet). Both pack their fixture
# archives with libarchive's write API.
flicker_add_test(core archive_extract LIBS flicker_core Qt6::Core LibArchive::LibArchive)
# Imported targets are per directory: app/data/data.cmake's Qt6::Network is not seen here.
find_package(Qt6 REQUIRED COMPONENTS Network)
flicker_add_test(app download LIBS flicker_app_lib Qt6::Network LibArchive::LibArchive LABELS gui)
