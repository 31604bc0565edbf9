// Ask a service for its status.
export async function status(url: string): Promise<number> {
  const response = await fetch(url);
  return response.status;
}
