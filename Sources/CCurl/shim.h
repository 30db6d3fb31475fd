#ifndef LINLI_CCURL_SHIM_H
#define LINLI_CCURL_SHIM_H
#include <curl/curl.h>
#include <sys/socket.h>

/* Typed wrappers around libcurl's variadic option setters and getters. Swift cannot call C
 * variadic functions, and a typed wrapper per argument kind keeps the ABI right (long vs pointer
 * vs curl_off_t) instead of trusting an implicit promotion. */

typedef size_t (*linli_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef curl_socket_t (*linli_curl_opensocket_callback)(void *clientp, curlsocktype purpose,
                                                        struct curl_sockaddr *address);

static inline CURLcode linli_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                       linli_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode linli_easy_setopt_opensocket_callback(CURL *handle,
                                                             linli_curl_opensocket_callback value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}

static inline CURLcode linli_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode linli_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode linli_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode linli_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/* CURLVERSION_NOW is a macro naming the struct version this header was built against. */
static inline curl_version_info_data *linli_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

/* CURL_SOCKET_BAD is a macro; expose it as a value Swift can always import. */
static inline curl_socket_t linli_curl_socket_bad(void) { return CURL_SOCKET_BAD; }

/* The CURLMsg result lives in a union; read it here so Swift does not depend on its import shape. */
static inline CURLcode linli_curl_msg_result(const CURLMsg *msg) { return msg->data.result; }

#endif
