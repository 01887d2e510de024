# TRUSTSCORE_SANITIZE: a comma-separated -fsanitize= list (the asan preset sets
# "address,undefined", the tsan preset "thread"), applied to everything built.
set(TRUSTSCORE_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(TRUSTSCORE_SANITIZE)
  add_compile_options(-fsanitize=${TRUSTSCORE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${TRUSTSCORE_SANITIZE})
endif()
