# The sparsity lab's page (app/sparsity).
target_sources(flicker_app_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/sparsity_page.cpp)
