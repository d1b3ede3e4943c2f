/** The background job that resumes unfinished games at start-up and parks them at shutdown. */
import type { QuizService } from "./service.js";

export function quizJob(service: QuizService) {
  return {
    name: "quiz",
    start: () => service.resume(),
    stop: () => service.shutdown(),
  };
}
