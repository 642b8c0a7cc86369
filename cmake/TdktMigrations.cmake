# tdkt_embed_migrations(TARGET target FUNCTION Name HEADER name.h DIR dir): compiles every dir/*.sql into
# `target` as
#   std::vector<tdkt::common::Migration> Name();
# declared by the generated header (include as "name.h"). Editing a .sql file rebuilds it.
function(tdkt_embed_migrations)
  cmake_parse_arguments(ARG "" "TARGET;FUNCTION;HEADER;DIR" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS ${ARG_DIR}/*.sql)
  list(SORT sql_files)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  get_filename_component(stem ${ARG_HEADER} NAME_WE)
  set(out_cc ${out_dir}/${stem}.cc)
  set(out_h ${out_dir}/${ARG_HEADER})
  add_custom_command(
    OUTPUT ${out_cc} ${out_h}
    COMMAND ${CMAKE_COMMAND} -DFUNCTION=${ARG_FUNCTION} -DHEADER=${ARG_HEADER} -DOUT_CC=${out_cc} -DOUT_H=${out_h}
            "-DSQL_FILES=${sql_files}" -P ${PROJECT_SOURCE_DIR}/cmake/TdktEmbedSql.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/TdktEmbedSql.cmake
    COMMENT "Embedding migrations ${ARG_FUNCTION}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out_cc})
  target_include_directories(${ARG_TARGET} PUBLIC ${out_dir})
endfunction()
