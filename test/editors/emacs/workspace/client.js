// Ask a service for its status.
async function status(url) {
  const response = await fetch(url);
  return response.status;
}

module.exports = { status };
