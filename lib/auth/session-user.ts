/** The signed-in person as the session carries them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}
