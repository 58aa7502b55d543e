import { connect } from 'node:net'

/**
 * Starts a sign-in POST whose body is only half sent, so the request is in flight while the
 * test signals the server. `finish()` sends the rest and resolves with the raw response once
 * the server closes the connection (a real answer, not a reset, proves it was let finish).
 */
export async function startHalfSentRequest(port: number): Promise<{ finish(): Promise<string> }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  let response = ''
  socket.on('data', (chunk) => (response += chunk.toString()))
  const body = 'email=a%40b.cd&password=x'
  socket.write(`POST /newsroom/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`)
  return {
    async finish() {
      socket.write(body.slice(10))
      await new Promise((resolve) => socket.once('close', resolve))
      return response
    },
  }
}
